import type { AuthorRef, Post } from '@outloud/contracts';
import { sql, type Kysely } from 'kysely';
import type { ContributionKind, LearnDB } from '../db.js';

/**
 * The learning service's copy of feed contributions. Rows only move forward: an older version
 * never overwrites a newer one and a deletion is never undone, so redelivered or out-of-order
 * events leave the same state.
 */
export interface ContributionState {
  id: string;
  kind: ContributionKind;
  post: Post;
  visibility: 'public' | 'private';
  authorId: string;
  createdAt: string;
  version: number;
}

export async function upsertContribution(db: Kysely<LearnDB>, c: ContributionState): Promise<void> {
  const isAnswer = c.kind === 'answer';
  await sql`insert into learn.contributions
      (id, kind, post_id, post_kind, channel_id, visibility, author_id, title, tags, score,
       accepted_answer_id, created_at, version)
    values (${c.id}, ${c.kind}, ${c.post.id}, ${c.post.kind}, ${c.post.channelId}, ${c.visibility},
      ${c.authorId}, ${c.post.title}, ${c.post.tags}::text[], ${isAnswer ? 0 : c.post.score},
      ${isAnswer ? null : c.post.acceptedAnswerId}, ${c.createdAt}, ${c.version})
    on conflict (id) do update set
      visibility = excluded.visibility, title = excluded.title, tags = excluded.tags,
      post_kind = excluded.post_kind, channel_id = excluded.channel_id,
      score = case when ${isAnswer} then learn.contributions.score else excluded.score end,
      accepted_answer_id = case when ${isAnswer} then learn.contributions.accepted_answer_id
        else excluded.accepted_answer_id end,
      version = excluded.version
    where learn.contributions.version <= excluded.version`.execute(db);
}

/** Answers share their post's title, tags, channel and visibility; they follow post edits. */
export async function refreshAnswersOf(
  db: Kysely<LearnDB>,
  post: Post,
  visibility: string,
  version: number,
) {
  await db
    .updateTable('learn.contributions')
    .set({
      title: post.title,
      tags: post.tags,
      channelId: post.channelId,
      visibility: visibility as 'public' | 'private',
      postKind: post.kind,
    })
    .where('postId', '=', post.id)
    .where('kind', '=', 'answer')
    .where('version', '<=', version)
    .execute();
}

export async function markDeleted(db: Kysely<LearnDB>, ids: readonly string[]): Promise<void> {
  if (!ids.length) return;
  await db
    .updateTable('learn.contributions')
    .set({ deleted: true })
    .where('id', 'in', ids)
    .execute();
}

/**
 * A deletion that arrives before the creation leaves a tombstone, so the creation cannot
 * resurrect it.
 */
export async function tombstone(
  db: Kysely<LearnDB>,
  row: { id: string; kind: ContributionKind; postId: string; channelId: string; authorId: string },
): Promise<void> {
  await db
    .insertInto('learn.contributions')
    .values({
      ...row,
      postKind: row.kind === 'answer' ? 'question' : row.kind,
      visibility: 'private',
      title: '',
      tags: [],
      score: 0,
      acceptedAnswerId: null,
      createdAt: new Date(0),
      version: 0,
      deleted: true,
    })
    .onConflict((oc) => oc.column('id').doUpdateSet({ deleted: true }))
    .execute();
}

export async function setFirstAnswerAt(
  db: Kysely<LearnDB>,
  postId: string,
  at: string,
): Promise<void> {
  await sql`update learn.contributions set first_answer_at = least(coalesce(first_answer_at, ${at}::timestamptz), ${at}::timestamptz)
    where id = ${postId}`.execute(db);
}

export async function setScore(db: Kysely<LearnDB>, id: string, score: number): Promise<void> {
  await db.updateTable('learn.contributions').set({ score }).where('id', '=', id).execute();
}

/** Moves a channel's contributions to its new visibility; returns the authors whose changed. */
export async function setChannelVisibility(
  db: Kysely<LearnDB>,
  channelId: string,
  visibility: 'public' | 'private',
): Promise<string[]> {
  const changed = await db
    .updateTable('learn.contributions')
    .set({ visibility })
    .where('channelId', '=', channelId)
    .where('visibility', '<>', visibility)
    .returning('authorId')
    .execute();
  return [...new Set(changed.map((c) => c.authorId))];
}

export async function upsertChannel(
  db: Kysely<LearnDB>,
  channel: { id: string; visibility: 'public' | 'private'; memberCount: number },
): Promise<void> {
  await db
    .insertInto('learn.channels')
    // Only the columns the table has: callers may hand over a whole channel.
    .values({ id: channel.id, visibility: channel.visibility, memberCount: channel.memberCount })
    .onConflict((oc) =>
      oc
        .column('id')
        .doUpdateSet({ visibility: channel.visibility, memberCount: channel.memberCount }),
    )
    .execute();
}

export async function upsertAuthors(
  db: Kysely<LearnDB>,
  authors: readonly AuthorRef[],
): Promise<void> {
  const unique = [...new Map(authors.map((a) => [a.id, a])).values()];
  if (!unique.length) return;
  await db
    .insertInto('learn.authors')
    .values(unique.map((a) => ({ id: a.id, handle: a.handle, displayName: a.displayName })))
    .onConflict((oc) =>
      oc.column('id').doUpdateSet((eb) => ({
        handle: eb.ref('excluded.handle'),
        displayName: eb.ref('excluded.displayName'),
      })),
    )
    .execute();
}

/** A contribution as goals, evidence and check-ins read it. */
export async function findContribution(db: Kysely<LearnDB>, id: string) {
  return db
    .selectFrom('learn.contributions')
    .select([
      'id',
      'kind',
      'postId',
      'postKind',
      'channelId',
      'authorId',
      'title',
      'deleted',
      'createdAt',
    ])
    .where('id', '=', id)
    .executeTakeFirst();
}
