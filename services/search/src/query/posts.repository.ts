import type { Actor, DuplicateRef } from '@outloud/contracts';
import type { Kysely } from 'kysely';
import type { SearchDB } from '../db.js';
import { seesAllHidden } from './filter.js';

/** A post as read to lead someone to it (the original of a duplicate). */
export interface LinkedPost {
  id: string;
  title: string;
  channelId: string;
  authorId: string;
  hidden: boolean;
  answerCount: number;
  /** It has an accepted answer readers can see. */
  accepted: boolean;
}

/** The live posts among `ids` as the projection holds them now (one query). */
export async function loadLinkedPosts(
  db: Kysely<SearchDB>,
  ids: readonly string[],
): Promise<Map<string, LinkedPost>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const rows = await db
    .selectFrom('search.postFacts as p')
    .leftJoin('search.answerFacts as a', 'a.answerId', 'p.acceptedAnswerId')
    .select([
      'p.postId',
      'p.title',
      'p.channelId',
      'p.authorId',
      'p.hidden',
      'p.answerCount',
      'a.hidden as acceptedHidden',
      'a.deleted as acceptedDeleted',
    ])
    .where('p.postId', 'in', unique)
    .where('p.deleted', '=', false)
    .execute();
  return new Map(
    rows.map((r) => [
      r.postId,
      {
        id: r.postId,
        title: r.title,
        channelId: r.channelId,
        authorId: r.authorId,
        hidden: r.hidden,
        answerCount: r.answerCount,
        accepted: r.acceptedHidden === false && r.acceptedDeleted === false,
      },
    ]),
  );
}

/**
 * Whether a reader may be led to a post: it is in a channel they may see and, when hidden, they
 * wrote it or moderate (`reader` undefined: hidden posts never).
 */
export function mayOpen(
  post: LinkedPost,
  channelIds: readonly string[],
  reader: Actor | undefined,
): boolean {
  if (!channelIds.includes(post.channelId)) return false;
  return (
    !post.hidden || (reader !== undefined && (seesAllHidden(reader) || reader.id === post.authorId))
  );
}

/** The link to a post for a reader who may open it, else null. */
export function linkFor(
  post: LinkedPost | undefined,
  channelIds: readonly string[],
  reader: Actor | undefined,
): DuplicateRef | null {
  return post && mayOpen(post, channelIds, reader) ? { id: post.id, title: post.title } : null;
}
