import type { Answer, AuthorRef, Post, Visibility } from '@outloud/contracts';
import { sql, type Kysely } from 'kysely';
import type { SearchDB } from '../db.js';
import { htmlToText } from '../indexing/post-document.js';

/** Writes a post as of `version`, unless the projection already holds a newer version. */
export async function upsertPostFacts(
  db: Kysely<SearchDB>,
  post: Post,
  visibility: Visibility,
  version: number,
  now: Date,
  options: { force?: boolean } = {},
) {
  const row = {
    postId: post.id,
    channelId: post.channelId,
    visibility,
    authorId: post.author.id,
    kind: post.kind,
    title: post.title,
    bodyText: htmlToText(post.bodyHtml),
    tags: post.tags,
    score: post.score,
    answerCount: post.answerCount,
    acceptedAnswerId: post.acceptedAnswerId,
    createdAt: post.createdAt,
    deleted: false,
    hidden: post.hidden === true,
    outdated: post.outdated === true,
    duplicateOf: post.duplicateOf ?? null,
    version,
    projectedAt: now,
  };
  const { postId: _postId, ...update } = row;
  await db
    .insertInto('search.postFacts')
    .values(row)
    .onConflict((oc) =>
      oc
        .column('postId')
        .doUpdateSet(update)
        .where('search.postFacts.version', options.force ? '<=' : '<', version),
    )
    .execute();
}

/**
 * Marks a post deleted as of `version`. When the post is not projected yet (its `created` event
 * may still be on its way) a tombstone row is written, so the late event cannot bring it back.
 */
export async function markPostDeleted(
  db: Kysely<SearchDB>,
  tombstone: { postId: string; channelId: string; visibility: Visibility; authorId: string },
  version: number,
  now: Date,
) {
  await db
    .insertInto('search.postFacts')
    .values({
      ...tombstone,
      kind: 'tip',
      title: '',
      bodyText: '',
      tags: [],
      score: 0,
      answerCount: 0,
      acceptedAnswerId: null,
      createdAt: now,
      deleted: true,
      version,
      projectedAt: now,
    })
    .onConflict((oc) =>
      oc
        .column('postId')
        .doUpdateSet({ deleted: true, version, projectedAt: now })
        .where('search.postFacts.version', '<', version),
    )
    .execute();
}

/** Writes an answer as of the post `version` its event carried, unless a newer one is held. */
export async function upsertAnswerFacts(
  db: Kysely<SearchDB>,
  answer: Answer,
  version: number,
  options: { force?: boolean } = {},
) {
  const row = {
    answerId: answer.id,
    postId: answer.postId,
    authorId: answer.author.id,
    bodyText: htmlToText(answer.bodyHtml),
    score: answer.score,
    createdAt: answer.createdAt,
    deleted: false,
    hidden: answer.hidden === true,
    everHidden: answer.hidden === true,
    version,
  };
  const { answerId: _answerId, everHidden: _everHidden, ...update } = row;
  await db
    .insertInto('search.answerFacts')
    .values(row)
    .onConflict((oc) =>
      oc
        .column('answerId')
        .doUpdateSet((eb) => ({
          ...update,
          // Once hidden, always remembered: its own document may have to be deleted later.
          everHidden: sql<boolean>`${eb.ref('search.answerFacts.everHidden')} or ${row.hidden}`,
        }))
        .where('search.answerFacts.version', options.force ? '<=' : '<', version),
    )
    .execute();
}

/** Whether the projection holds the post as hidden now (false when it does not hold it). */
export async function isPostHidden(db: Kysely<SearchDB>, postId: string): Promise<boolean> {
  const row = await db
    .selectFrom('search.postFacts')
    .select('hidden')
    .where('postId', '=', postId)
    .executeTakeFirst();
  return row?.hidden === true;
}

/** The people who answered a post (answers still there): their evidence includes it. */
export async function answerAuthorsOf(db: Kysely<SearchDB>, postId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('search.answerFacts')
    .select('authorId')
    .distinct()
    .where('postId', '=', postId)
    .where('deleted', '=', false)
    .execute();
  return rows.map((r) => r.authorId);
}

/** Marks an answer deleted as of `version`, leaving a tombstone when it is not projected yet. */
export async function markAnswerDeleted(
  db: Kysely<SearchDB>,
  tombstone: { answerId: string; postId: string; authorId: string },
  version: number,
  now: Date,
) {
  await db
    .insertInto('search.answerFacts')
    .values({ ...tombstone, bodyText: '', score: 0, createdAt: now, deleted: true, version })
    .onConflict((oc) =>
      oc
        .column('answerId')
        .doUpdateSet({ deleted: true, version })
        .where('search.answerFacts.version', '<', version),
    )
    .execute();
}

export async function setAnswerScore(
  db: Kysely<SearchDB>,
  answerId: string,
  score: number,
  version: number,
) {
  await db
    .updateTable('search.answerFacts')
    .set({ score, version })
    .where('answerId', '=', answerId)
    .where('version', '<', version)
    .execute();
}

export async function answerAuthor(
  db: Kysely<SearchDB>,
  answerId: string,
): Promise<string | undefined> {
  return (
    await db
      .selectFrom('search.answerFacts')
      .select('authorId')
      .where('answerId', '=', answerId)
      .executeTakeFirst()
  )?.authorId;
}

/**
 * Records people's public names, writing only the new or changed ones: an upsert would lock each
 * person's row until the transaction ends, so events by one prolific author would queue up.
 */
export async function upsertPeople(db: Kysely<SearchDB>, people: AuthorRef[]) {
  const all = [...new Map(people.map((p) => [p.id, p])).values()];
  if (!all.length) return;
  const known = await db
    .selectFrom('search.people')
    .select(['id', 'handle', 'displayName'])
    .where(
      'id',
      'in',
      all.map((p) => p.id),
    )
    .execute();
  const current = new Map(known.map((p) => [p.id, p]));
  const unique = all.filter((p) => {
    const row = current.get(p.id);
    return row?.handle !== p.handle || row.displayName !== p.displayName;
  });
  if (!unique.length) return;
  await db
    .insertInto('search.people')
    .values(unique.map((p) => ({ id: p.id, handle: p.handle, displayName: p.displayName })))
    .onConflict((oc) =>
      oc
        .column('id')
        .doUpdateSet((eb) => ({
          handle: eb.ref('excluded.handle'),
          displayName: eb.ref('excluded.displayName'),
        }))
        // Once identity has told us about the person, its events own the name: a feed event
        // written before a rename must not bring the old one back.
        .where('search.people.profileAt', 'is', null),
    )
    .execute();
}

/**
 * Marks documents to be (re)written in Meilisearch by the index worker. A post has one queue row
 * (its events arrive one after another); a person gets an appended mark instead, as the events
 * of one person's many posts are applied side by side and must not wait on one row's lock.
 */
export async function markDirty(db: Kysely<SearchDB>, kind: 'post' | 'person', ids: string[]) {
  const unique = [...new Set(ids)];
  if (!unique.length) return;
  if (kind === 'person') {
    await db
      .insertInto('search.personMarks')
      .values(unique.map((personId) => ({ personId })))
      .execute();
    return;
  }
  await db
    .insertInto('search.indexQueue')
    .values(
      unique.map((id) => ({
        kind,
        id,
        generation: sql<number>`nextval('search.index_generation')`,
      })),
    )
    .onConflict((oc) =>
      oc
        .columns(['kind', 'id'])
        .doUpdateSet((eb) => ({ generation: eb.ref('excluded.generation'), markedAt: sql`now()` })),
    )
    .execute();
}

/** Relabels the posts of a channel whose visibility changed; returns the posts it touched. */
export async function setChannelVisibility(
  db: Kysely<SearchDB>,
  channelId: string,
  visibility: Visibility,
  now: Date,
) {
  return db
    .updateTable('search.postFacts')
    .set({ visibility, projectedAt: now })
    .where('channelId', '=', channelId)
    .where('visibility', '!=', visibility)
    .returning(['postId', 'authorId'])
    .execute();
}
