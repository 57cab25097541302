import type { Kysely } from 'kysely';
import type { SearchDB } from '../db.js';
import { publicTopTags } from '../expertise/expertise.repository.js';
import type { PersonDocument, PostDocument } from './post-document.js';

/**
 * Builds the current documents of the given posts from the projection (four queries for any
 * number of posts): each live post's own document and one per hidden answer. Returns as `gone`
 * the ids of documents to delete: posts that are gone (deleted, or never projected) and answers
 * that were hidden once but have no document of their own now (restored, deleted, or their post
 * is gone).
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
      'p.hidden',
      'p.outdated',
      'p.duplicateOf',
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
        .select(['answerId', 'postId', 'authorId', 'bodyText', 'hidden'])
        .where(
          'postId',
          'in',
          live.map((p) => p.postId),
        )
        .where('deleted', '=', false)
        .orderBy('score', 'desc')
        .execute()
    : [];
  const formerlyHidden = await db
    .selectFrom('search.answerFacts')
    .select(['answerId', 'postId', 'hidden', 'deleted'])
    .where('postId', 'in', postIds)
    .where('everHidden', '=', true)
    .execute();
  const byPost = new Map<string, typeof answers>();
  for (const answer of answers)
    byPost.set(answer.postId, [...(byPost.get(answer.postId) ?? []), answer]);
  const documents = live.flatMap((p): PostDocument[] => {
    const own = byPost.get(p.postId) ?? [];
    const shown = own.filter((a) => !a.hidden);
    const accepted = shown.find((a) => a.answerId === p.acceptedAnswerId);
    const post: PostDocument = {
      id: p.postId,
      type: 'post',
      postId: p.postId,
      channelId: p.channelId,
      visibility: p.visibility,
      kind: p.kind,
      title: p.title,
      body: p.bodyText,
      acceptedAnswer: accepted?.bodyText ?? '',
      answers: shown.filter((a) => a !== accepted).map((a) => a.bodyText),
      tags: p.tags,
      authorId: p.authorId,
      authorHandle: p.handle ?? '',
      authorDisplayName: p.displayName ?? '',
      score: p.score,
      answerCount: p.answerCount,
      answered: p.answerCount > 0,
      // Only an accepted answer readers can see makes a question "solved".
      accepted: accepted !== undefined,
      createdAt: p.createdAt.getTime(),
      version: p.version,
      hidden: p.hidden,
      hiddenViewerId: p.hidden ? p.authorId : null,
      outdated: p.outdated,
      duplicateOf: p.duplicateOf,
    };
    const hiddenAnswers = own
      .filter((a) => a.hidden)
      .map((a): PostDocument => {
        const isAccepted = a.answerId === p.acceptedAnswerId;
        return {
          ...post,
          id: a.answerId,
          type: 'answer',
          body: '',
          acceptedAnswer: isAccepted ? a.bodyText : '',
          answers: isAccepted ? [] : [a.bodyText],
          hidden: true,
          // In a hidden thread, an answer's author no longer sees the thread (unless it is theirs).
          hiddenViewerId: !p.hidden || a.authorId === p.authorId ? a.authorId : null,
        };
      });
    return [post, ...hiddenAnswers];
  });
  const liveIds = new Set(live.map((p) => p.postId));
  const goneAnswers = formerlyHidden
    .filter((a) => !(a.hidden && !a.deleted && liveIds.has(a.postId)))
    .map((a) => a.answerId);
  return { documents, gone: [...postIds.filter((id) => !liveIds.has(id)), ...goneAnswers] };
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
