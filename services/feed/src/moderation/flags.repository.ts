import type { Flag, FlagReason, ModerationTargetType, QueueStatus } from '@outloud/contracts';
import { sql, type Kysely } from 'kysely';
import { authorRefOf } from '../authors/authors.repository.js';
import type { FeedDB } from '../db.js';

export interface NewFlag {
  id: string;
  targetType: ModerationTargetType;
  targetId: string;
  postId: string;
  reporterId: string;
  reason: FlagReason;
  note: string | null;
  now: Date;
}

/**
 * Records a flag; false when the reporter already has an open flag on the target (the unique
 * index `flags_one_open` decides, so two simultaneous flags by one person make one).
 */
export async function insertFlag(db: Kysely<FeedDB>, flag: NewFlag): Promise<boolean> {
  const row = await db
    .insertInto('feed.flags')
    .values({
      id: flag.id,
      targetType: flag.targetType,
      targetId: flag.targetId,
      postId: flag.postId,
      reporterId: flag.reporterId,
      reason: flag.reason,
      note: flag.note,
      createdAt: flag.now,
    })
    .onConflict((oc) =>
      oc.columns(['targetId', 'reporterId']).where('resolvedAt', 'is', null).doNothing(),
    )
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Open flags on a target: one per person (the unique index), so also the number of people. */
export async function countOpenFlags(db: Kysely<FeedDB>, targetId: string): Promise<number> {
  const row = await db
    .selectFrom('feed.flags')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('targetId', '=', targetId)
    .where('resolvedAt', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Resolves every open flag on a target with the moderator's action; returns who had flagged. */
export async function resolveOpenFlags(
  db: Kysely<FeedDB>,
  targetId: string,
  resolution: { action: string; by: string; at: Date },
): Promise<string[]> {
  const rows = await db
    .updateTable('feed.flags')
    .set({ resolvedAt: resolution.at, resolvedBy: resolution.by, resolution: resolution.action })
    .where('targetId', '=', targetId)
    .where('resolvedAt', 'is', null)
    .returning('reporterId')
    .execute();
  return [...new Set(rows.map((r) => r.reporterId))];
}

/** A flag as the API shows it, with its reporter. */
export async function loadFlag(db: Kysely<FeedDB>, id: string): Promise<Flag> {
  const row = await db
    .selectFrom('feed.flags as f')
    .innerJoin('feed.authors as r', 'r.id', 'f.reporterId')
    .select([
      'f.id',
      'f.targetType',
      'f.targetId',
      'f.postId',
      'f.reason',
      'f.note',
      'f.createdAt',
      'f.resolvedAt',
      'f.resolution',
      'r.id as reporterId',
      'r.handle as reporterHandle',
      'r.displayName as reporterDisplayName',
      'r.avatarUrl as reporterAvatarUrl',
    ])
    .where('f.id', '=', id)
    .executeTakeFirstOrThrow();
  return toFlag({ ...row, createdAt: row.createdAt.toISOString() });
}

/** A flag row from a query or from JSON (where timestamps arrive as text). */
export interface FlagRow {
  id: string;
  targetType: ModerationTargetType;
  targetId: string;
  postId: string;
  reason: FlagReason;
  note: string | null;
  createdAt: string;
  resolvedAt: Date | string | null;
  resolution: string | null;
  reporterId: string;
  reporterHandle: string;
  reporterDisplayName: string;
  reporterAvatarUrl: string | null;
}

export function toFlag(row: FlagRow): Flag {
  return {
    id: row.id,
    targetType: row.targetType,
    targetId: row.targetId,
    postId: row.postId,
    reason: row.reason,
    note: row.note,
    reporter: authorRefOf(
      row.reporterId,
      row.reporterHandle,
      row.reporterDisplayName,
      row.reporterAvatarUrl,
    ),
    createdAt: new Date(row.createdAt).toISOString(),
    status: row.resolvedAt === null ? 'open' : 'resolved',
    resolution: row.resolution,
  };
}

/** One queue entry's key: the target and when it was last flagged (open) or resolved. */
export interface QueueKey {
  targetType: ModerationTargetType;
  targetId: string;
  postId: string;
  at: Date;
  flagCount: number;
}

/**
 * One page of queue keys, one per target. `open`: targets with open flags, most recently flagged
 * first (the `flags_open` index holds only open flags, which moderators keep few). `resolved`:
 * each target once, at its latest resolution, most recently resolved first (walks
 * `flags_resolved`; the later-resolution check uses `flags_by_target`).
 */
export async function queueKeys(
  db: Kysely<FeedDB>,
  options: { status: QueueStatus; after?: { at: Date; id: string }; limit: number },
): Promise<QueueKey[]> {
  const { after } = options;
  const rows =
    options.status === 'open'
      ? await db
          .selectFrom('feed.flags as f')
          .select((eb) => [
            'f.targetType',
            'f.targetId',
            'f.postId',
            eb.fn.max('f.createdAt').as('at'),
            eb.fn.countAll<string>().as('flagCount'),
          ])
          .where('f.resolvedAt', 'is', null)
          .groupBy(['f.targetType', 'f.targetId', 'f.postId'])
          .$if(after !== undefined, (q) =>
            q.having(
              sql<boolean>`(max(f.created_at), f.target_id) < (${after!.at}::timestamptz, ${after!.id}::uuid)`,
            ),
          )
          .orderBy('at', 'desc')
          .orderBy('f.targetId', 'desc')
          .limit(options.limit)
          .execute()
      : await db
          .selectFrom('feed.flags as f')
          .select((eb) => [
            'f.targetType',
            'f.targetId',
            'f.postId',
            'f.resolvedAt as at',
            eb.fn.countAll<string>().as('flagCount'),
          ])
          .where('f.resolvedAt', 'is not', null)
          .where((eb) =>
            eb.not(
              eb.exists(
                eb
                  .selectFrom('feed.flags as g')
                  .select(sql.lit(1).as('one'))
                  .whereRef('g.targetId', '=', 'f.targetId')
                  .whereRef('g.resolvedAt', '>', 'f.resolvedAt'),
              ),
            ),
          )
          .$if(after !== undefined, (q) =>
            q.where((eb) =>
              eb(eb.refTuple('f.resolvedAt', 'f.targetId'), '<', eb.tuple(after!.at, after!.id)),
            ),
          )
          .groupBy(['f.targetType', 'f.targetId', 'f.postId', 'f.resolvedAt'])
          .orderBy('f.resolvedAt', 'desc')
          .orderBy('f.targetId', 'desc')
          .limit(options.limit)
          .execute();
  return rows.map((row) => ({
    targetType: row.targetType,
    targetId: row.targetId,
    postId: row.postId,
    at: row.at as Date,
    flagCount: Number(row.flagCount),
  }));
}
