import { Limits } from '@outloud/contracts';
import type { SourcePerson } from './import-people.js';
import type { SourceEntry } from './content-import.js';
import { readPostRow, readUserRow, type StackUser } from './stackexchange.logic.js';
import { xmlRows } from './xml-rows.js';

/** Someone a dump names by no user (deleted accounts, community wiki posts). */
const UNKNOWN: SourcePerson = { key: 'unknown', displayName: 'Former member', email: null };

/** Users.xml, as people by dump id (held in memory: a dump has far fewer people than posts). */
export async function readStackUsers(path: string): Promise<Map<string, StackUser>> {
  const users = new Map<string, StackUser>();
  for await (const row of xmlRows(path)) {
    const user = readUserRow(row);
    if (user) users.set(user.id, user);
  }
  return users;
}

/**
 * Posts.xml as import entries, streamed in file order. Accepted answers are known from their
 * question's `AcceptedAnswerId`, which comes first in a dump (ids grow with time).
 */
export async function* stackExchangeEntries(
  postsPath: string,
  users: ReadonlyMap<string, StackUser>,
): AsyncGenerator<SourceEntry> {
  const accepted = new Set<string>();
  const personOf = (ownerId: string | null): SourcePerson => {
    if (ownerId === null || ownerId === '-1') return UNKNOWN;
    const user = users.get(ownerId);
    return user
      ? { key: ownerId, displayName: user.displayName, email: user.email }
      : { key: ownerId, displayName: `user ${ownerId}`, email: null };
  };
  for await (const row of xmlRows(postsPath)) {
    const post = readPostRow(row);
    if (post === null) continue;
    if (typeof post === 'string') {
      yield { error: { item: `post ${row.Id ?? '?'}`, message: post } };
      continue;
    }
    if (!post.body.trim() || post.body.length > Limits.bodyMax) {
      yield {
        error: {
          item: `post ${post.id}`,
          message: post.body.trim() ? 'the body is longer than 40,000 characters' : 'empty body',
        },
      };
      continue;
    }
    const owner = personOf(post.ownerId);
    if (post.type === 'question') {
      if (post.acceptedAnswerId) accepted.add(post.acceptedAnswerId);
      yield {
        owner,
        item: {
          type: 'question',
          externalId: `post:${post.id}`,
          title: post.title,
          body: post.body,
          format: 'html',
          tags: post.tags,
          createdAt: post.createdAt,
          score: post.score,
        },
      };
    } else {
      yield {
        owner,
        item: {
          type: 'answer',
          externalId: `post:${post.id}`,
          questionExternalId: `post:${post.parentId}`,
          body: post.body,
          format: 'html',
          createdAt: post.createdAt,
          score: post.score,
          accepted: accepted.delete(post.id),
        },
      };
    }
  }
}
