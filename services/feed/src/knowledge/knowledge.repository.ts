import type { ChannelFreshness, DuplicateRef, PostKind, Visibility } from '@outloud/contracts';
import { sql, type Kysely } from 'kysely';
import { canSeeChannel } from '../channels/channels.repository.js';
import type { FeedDB } from '../db.js';
import { rankSql } from '../posts/posts.repository.js';
import { shownOriginalTitle } from './original-title.js';
import type { AnsweringState } from './answering.js';

/** A post's duplicate, lock and review columns, for a change to them (the row is locked already). */
export interface KnowledgeState {
  id: string;
  kind: PostKind;
  authorId: string;
  title: string;
  channelId: string;
  visibility: Visibility;
  duplicateOf: string | null;
  reviewOwnerId: string | null;
  reviewDueAt: Date | null;
  outdatedAt: Date | null;
  /** Hidden by a moderator or by flags. */
  hidden: boolean;
  /** The channel's review period (null: its content is never due). */
  reviewPeriodDays: number | null;
}

/** The knowledge columns of a live post; callers locked the row (lockVisiblePost) first. */
export async function knowledgeState(
  db: Kysely<FeedDB>,
  postId: string,
): Promise<KnowledgeState | undefined> {
  return db
    .selectFrom('feed.posts as p')
    .innerJoin('feed.channels as c', 'c.id', 'p.channelId')
    .select([
      'p.id',
      'p.kind',
      'p.authorId',
      'p.title',
      'p.channelId',
      'c.visibility',
      'p.duplicateOf',
      'p.reviewOwnerId',
      'p.reviewDueAt',
      'p.outdatedAt',
      sql<boolean>`p.hidden_at is not null`.as('hidden'),
      'c.reviewPeriodDays',
    ])
    .where('p.id', '=', postId)
    .where('p.deletedAt', 'is', null)
    .executeTakeFirst();
}

/** A channel's review period in days (null: never due, or no such channel). */
export async function reviewPeriodOf(
  db: Kysely<FeedDB>,
  channelId: string,
): Promise<number | null> {
  const row = await db
    .selectFrom('feed.channels')
    .select('reviewPeriodDays')
    .where('id', '=', channelId)
    .executeTakeFirst();
  return row?.reviewPeriodDays ?? null;
}

/** What decides whether a thread takes new answers (see answering.ts). */
export async function answeringStateOf(
  db: Kysely<FeedDB>,
  postId: string,
): Promise<AnsweringState> {
  const row = await db
    .selectFrom('feed.posts as p')
    .select(['p.lockedAt', 'p.duplicateOf', shownOriginalTitle('p').as('originalTitle')])
    .where('p.id', '=', postId)
    .executeTakeFirstOrThrow();
  const duplicateOf: DuplicateRef | null =
    row.duplicateOf && row.originalTitle !== null
      ? { id: row.duplicateOf, title: row.originalTitle }
      : null;
  return { duplicateOf, lockedAt: row.lockedAt };
}

/** Whether `userId` may read the channel (public, or a member of a private one). */
export async function channelVisibleTo(
  db: Kysely<FeedDB>,
  channelId: string,
  userId: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('feed.channels')
    .select('id')
    .where('id', '=', channelId)
    .where(canSeeChannel(userId))
    .executeTakeFirst();
  return row !== undefined;
}

/** Points a question at its original (or reopens it with null); bumps its version. */
export async function setDuplicateOf(
  db: Kysely<FeedDB>,
  postId: string,
  originalId: string | null,
): Promise<void> {
  await db
    .updateTable('feed.posts')
    .set((eb) => ({ duplicateOf: originalId, version: eb('version', '+', 1) }))
    .where('id', '=', postId)
    .execute();
}

/**
 * Questions closed as duplicates of `fromId` follow it to `toId` when it becomes a duplicate
 * itself, so no chain forms; returns the ids moved (each bumped a version).
 */
export async function repointDuplicates(
  db: Kysely<FeedDB>,
  fromId: string,
  toId: string,
): Promise<string[]> {
  const rows = await db
    .updateTable('feed.posts')
    .set((eb) => ({ duplicateOf: toId, version: eb('version', '+', 1) }))
    .where('duplicateOf', '=', fromId)
    .where('deletedAt', 'is', null)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/** The review columns a change writes; absent ones stay as they are. */
export interface ReviewColumns {
  reviewOwnerId?: string | null;
  reviewDueAt?: Date | null;
  reviewNotifiedAt?: Date | null;
  reviewedAt?: Date | null;
  outdatedAt?: Date | null;
}

/**
 * Writes review columns and bumps the version; when the outdated mark changes, the stored "top"
 * rank follows (ranking.ts: outdated content ranks lower).
 */
export async function writeReview(
  db: Kysely<FeedDB>,
  postId: string,
  columns: ReviewColumns,
): Promise<void> {
  await db
    .updateTable('feed.posts')
    .set((eb) => ({
      ...columns,
      ...(columns.outdatedAt !== undefined && {
        rank: rankSql(eb.ref('score'), sql.lit(columns.outdatedAt !== null)),
      }),
      version: eb('version', '+', 1),
    }))
    .where('id', '=', postId)
    .execute();
}

/**
 * How current each channel's reviewed knowledge is, over the channels `viewerId` may read, in one
 * grouped query: channels with the most content due first. Hidden and deleted content is left out.
 */
export async function freshnessByChannel(
  db: Kysely<FeedDB>,
  options: { viewerId: string; now: Date; limit: number },
): Promise<ChannelFreshness[]> {
  const { now } = options;
  const live = sql<boolean>`p.deleted_at is null and p.hidden_at is null`;
  const due = sql<boolean>`${live} and p.outdated_at is null and p.review_due_at <= ${now}`;
  const rows = await db
    .selectFrom('feed.channels')
    .leftJoin('feed.posts as p', (j) =>
      j
        .onRef('p.channelId', '=', 'feed.channels.id')
        .on('p.reviewOwnerId', 'is not', null)
        .on(live),
    )
    .select([
      'feed.channels.id',
      'feed.channels.slug',
      'feed.channels.name',
      'feed.channels.visibility',
      'feed.channels.reviewPeriodDays',
      sql<string>`count(p.id)`.as('reviewed'),
      sql<string>`count(p.id) filter (where ${due})`.as('due'),
      sql<string>`count(p.id) filter (where p.outdated_at is not null)`.as('outdated'),
      sql<Date | null>`min(p.review_due_at) filter (where ${due})`.as('oldestDueAt'),
    ])
    .where(canSeeChannel(options.viewerId))
    .groupBy('feed.channels.id')
    .orderBy('due', 'desc')
    .orderBy('outdated', 'desc')
    .orderBy('feed.channels.name')
    .orderBy('feed.channels.id')
    .limit(options.limit)
    .execute();
  return rows.map((r) => ({
    channel: { id: r.id, slug: r.slug, name: r.name, visibility: r.visibility },
    reviewPeriodDays: r.reviewPeriodDays,
    reviewed: Number(r.reviewed),
    due: Number(r.due),
    outdated: Number(r.outdated),
    oldestDueAt: r.oldestDueAt ? new Date(r.oldestDueAt).toISOString() : null,
  }));
}
