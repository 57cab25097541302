import type { Kysely } from 'kysely';
import type { SearchDB } from '../db.js';
import { publicTopTags } from '../expertise/expertise.repository.js';
import type { PersonDocument, PostDocument } from './post-document.js';

/**
 * Builds the current documents of the given posts from the projection (three queries for any
 * number of posts); returns the ids of posts that are gone (deleted, or never projected).
 */
export async function loadPostDocuments(
  db: Kysely<SearchDB>,
  postIds: string[],
): Promise<{ documents: PostDocument[]; gone: string[] }> {
  if (!postIds.length) return { documents: [], gone: [] };
  const posts = await db
    .selectFrom('search.postFacts as p')
    .leftJoin('search.people as a', 'a.id', 'p.authorId')
    .select([
      'p.postId',
      'p.channelId',
      'p.visibility',
      'p.kind',
      'p.title',
      'p.bodyText',
      'p.tags',
      'p.authorId',
      'p.score',
      'p.answerCount',
      'p.acceptedAnswerId',
      'p.createdAt',
      'p.deleted',
      'p.version',
      'a.handle',
      'a.displayName',
    ])
    .where('p.postId', 'in', postIds)
    .execute();
  const live = posts.filter((p) => !p.deleted);
  const answers = live.length
    ? await db
        .selectFrom('search.answerFacts')
        .select(['answerId', 'postId', 'bodyText'])
        .where(
          'postId',
          'in',
          live.map((p) => p.postId),
        )
        .where('deleted', '=', false)
        .orderBy('score', 'desc')
        .execute()
    : [];
  const byPost = new Map<string, typeof answers>();
  for (const answer of answers)
    byPost.set(answer.postId, [...(byPost.get(answer.postId) ?? []), answer]);
  const documents = live.map((p): PostDocument => {
    const own = byPost.get(p.postId) ?? [];
    const accepted = own.find((a) => a.answerId === p.acceptedAnswerId);
    return {
      id: p.postId,
      channelId: p.channelId,
      visibility: p.visibility,
      kind: p.kind,
      title: p.title,
      body: p.bodyText,
      acceptedAnswer: accepted?.bodyText ?? '',
      answers: own.filter((a) => a !== accepted).map((a) => a.bodyText),
      tags: p.tags,
      authorId: p.authorId,
      authorHandle: p.handle ?? '',
      authorDisplayName: p.displayName ?? '',
      score: p.score,
      answerCount: p.answerCount,
      answered: p.answerCount > 0,
      accepted: p.acceptedAnswerId !== null,
      createdAt: p.createdAt.getTime(),
      version: p.version,
    };
  });
  const liveIds = new Set(live.map((p) => p.postId));
  return { documents, gone: postIds.filter((id) => !liveIds.has(id)) };
}

export async function loadPersonDocuments(
  db: Kysely<SearchDB>,
  ids: string[],
  now: Date,
): Promise<PersonDocument[]> {
  if (!ids.length) return [];
  const people = await db
    .selectFrom('search.people')
    .select(['id', 'handle', 'displayName'])
    .where('id', 'in', ids)
    .execute();
  const tags = await publicTopTags(
    db,
    people.map((p) => p.id),
    now,
  );
  return people.map((p) => ({
    id: p.id,
    handle: p.handle,
    displayName: p.displayName,
    topTags: tags.get(p.id) ?? [],
  }));
}
