import type { Notification, NotificationType } from '@outloud/contracts';
import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import type { NotifyDB } from '../db.js';
import { isAnyOf } from '../sql.js';

export interface NewNotification {
  id: string;
  recipientId: string;
  type: NotificationType;
  postId: string;
  answerId: string | null;
  actorId: string | null;
  actorHandle: string | null;
  actorDisplayName: string | null;
  eventId: string;
  createdAt: Date;
}

/** Rows per INSERT: an announcement to thousands of members is a few statements, not thousands. */
export const INSERT_BATCH = 1_000;

/**
 * Stores notifications in batches and returns the ones that are new: a redelivered event's rows
 * already exist (unique on event and recipient) and come back empty.
 */
export async function insertNotifications(
  trx: Kysely<NotifyDB>,
  rows: readonly NewNotification[],
): Promise<NewNotification[]> {
  const inserted: NewNotification[] = [];
  for (let i = 0; i < rows.length; i += INSERT_BATCH) {
    const batch = rows.slice(i, i + INSERT_BATCH);
    const ids = await trx
      .insertInto('notify.notifications')
      .values(batch)
      .onConflict((oc) => oc.columns(['eventId', 'recipientId']).doNothing())
      .returning('id')
      .execute();
    const fresh = new Set(ids.map((r) => r.id));
    inserted.push(...batch.filter((row) => fresh.has(row.id)));
  }
  return inserted;
}

/**
 * Only notifications about posts that still exist, in channels the recipient may see now: a
 * person removed from a private channel stops seeing what they were told about it.
 */
function visibleToRecipient(
  eb: ExpressionBuilder<
    NotifyDB & { n: NotifyDB['notify.notifications']; p: NotifyDB['notify.posts'] },
    'n' | 'p'
  >,
) {
  return eb.and([
    eb('p.deleted', '=', false),
    eb.or([
      eb.exists(
        eb
          .selectFrom('notify.channels as c')
          .select(sql`1`.as('one'))
          .whereRef('c.id', '=', 'p.channelId')
          .where('c.visibility', '=', 'public'),
      ),
      eb.exists(
        eb
          .selectFrom('notify.members as m')
          .select(sql`1`.as('one'))
          .whereRef('m.channelId', '=', 'p.channelId')
          .whereRef('m.userId', '=', 'n.recipientId'),
      ),
    ]),
  ]);
}

export async function listNotifications(
  db: Kysely<NotifyDB>,
  recipientId: string,
  options: { unread: boolean; before?: string; limit: number },
): Promise<Notification[]> {
  let query = db
    .selectFrom('notify.notifications as n')
    .innerJoin('notify.posts as p', 'p.id', 'n.postId')
    .select([
      'n.id',
      'n.type',
      'n.postId',
      'n.answerId',
      'n.actorId',
      'n.actorHandle',
      'n.actorDisplayName',
      'n.createdAt',
      'n.readAt',
      'p.title',
      'p.kind',
      'p.channelId',
    ])
    .where('n.recipientId', '=', recipientId)
    .where(visibleToRecipient)
    .orderBy('n.id', 'desc')
    .limit(options.limit);
  if (options.unread) query = query.where('n.readAt', 'is', null);
  if (options.before) query = query.where('n.id', '<', options.before);
  const rows = await query.execute();
  return rows.map((row) => ({
    id: row.id,
    type: row.type,
    postId: row.postId,
    answerId: row.answerId,
    actor:
      row.actorId && row.actorHandle
        ? { id: row.actorId, handle: row.actorHandle, displayName: row.actorDisplayName ?? '' }
        : null,
    post: { id: row.postId, title: row.title, kind: row.kind, channelId: row.channelId },
    createdAt: row.createdAt.toISOString(),
    readAt: row.readAt ? row.readAt.toISOString() : null,
  }));
}

/** Unread counts of several people in one query (those with none are absent). */
export async function unreadCounts(
  db: Kysely<NotifyDB>,
  recipientIds: readonly string[],
): Promise<Map<string, number>> {
  if (recipientIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('notify.notifications as n')
    .innerJoin('notify.posts as p', 'p.id', 'n.postId')
    .select(['n.recipientId', (eb) => eb.fn.countAll<number>().as('unread')])
    .where(isAnyOf('n.recipientId', recipientIds))
    .where('n.readAt', 'is', null)
    .where(visibleToRecipient)
    .groupBy('n.recipientId')
    .execute();
  return new Map(rows.map((r) => [r.recipientId, Number(r.unread)]));
}

export async function markRead(
  db: Kysely<NotifyDB>,
  recipientId: string,
  which: { ids: readonly string[] } | { all: true },
  now: Date,
): Promise<number> {
  let query = db
    .updateTable('notify.notifications')
    .set({ readAt: now })
    .where('recipientId', '=', recipientId)
    .where('readAt', 'is', null);
  if ('ids' in which) query = query.where('id', 'in', [...which.ids]);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}
