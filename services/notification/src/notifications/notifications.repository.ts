import type { Notification, NotificationType } from '@outloud/contracts';
import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import type { NotificationDetail, NotifyDB } from '../db.js';
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
  detail: NotificationDetail | null;
}

/**
 * Who reads: moderators and admins still see notifications about hidden content; everyone else
 * only about hidden content they wrote themselves.
 */
export interface Reader {
  seesHidden: boolean;
}
export const ORDINARY_READER: Reader = { seesHidden: false };

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
      .values(
        batch.map((row) => ({ ...row, detail: row.detail ? JSON.stringify(row.detail) : null })),
      )
      .onConflict((oc) => oc.columns(['eventId', 'recipientId']).doNothing())
      .returning('id')
      .execute();
    const fresh = new Set(ids.map((r) => r.id));
    inserted.push(...batch.filter((row) => fresh.has(row.id)));
  }
  return inserted;
}

type Listed = ExpressionBuilder<
  NotifyDB & { n: NotifyDB['notify.notifications']; p: NotifyDB['notify.posts'] },
  'n' | 'p'
>;

/**
 * Only notifications in channels the recipient may see now (a person removed from a private
 * channel stops seeing what they were told about it), about posts that still exist and that the
 * recipient may see (`aboutVisibleContent`). What a moderator did (`flag_resolved`) stays: it is
 * about the content's hiding or deletion, told only to its author and flaggers.
 */
function visibleToRecipient(reader: Reader) {
  return (eb: Listed) =>
    eb.and([
      inVisibleChannel(eb),
      eb.or([eb('n.type', '=', 'flag_resolved'), aboutVisibleContent(eb, reader)]),
    ]);
}

/**
 * The post still exists, and neither it nor the answer is hidden, unless the recipient wrote
 * the hidden one or reads as a moderator.
 */
function aboutVisibleContent(eb: Listed, reader: Reader) {
  if (reader.seesHidden) return eb('p.deleted', '=', false);
  return eb.and([
    eb('p.deleted', '=', false),
    eb.or([eb('p.hidden', '=', false), eb('p.authorId', '=', eb.ref('n.recipientId'))]),
    eb.not(
      eb.exists(
        eb
          .selectFrom('notify.answers as a')
          .select(sql`1`.as('one'))
          .whereRef('a.id', '=', 'n.answerId')
          .where('a.hidden', '=', true)
          .whereRef('a.authorId', '!=', 'n.recipientId'),
      ),
    ),
  ]);
}

function inVisibleChannel(eb: Listed) {
  return eb.or([
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
  ]);
}

export async function listNotifications(
  db: Kysely<NotifyDB>,
  recipientId: string,
  options: { unread: boolean; before?: string; limit: number; reader?: Reader },
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
      'n.detail',
      'p.title',
      'p.kind',
      'p.channelId',
    ])
    .where('n.recipientId', '=', recipientId)
    .where(visibleToRecipient(options.reader ?? ORDINARY_READER))
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
    ...(row.detail ? { detail: row.detail } : {}),
  }));
}

/**
 * Unread counts of several people in one query (those with none are absent). Live pushes and
 * digests do not know people's roles, so they count as an ordinary reader would (a moderator's
 * badge may then be low until the next list read, which passes the actor's roles).
 */
export async function unreadCounts(
  db: Kysely<NotifyDB>,
  recipientIds: readonly string[],
  reader: Reader = ORDINARY_READER,
): Promise<Map<string, number>> {
  if (recipientIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('notify.notifications as n')
    .innerJoin('notify.posts as p', 'p.id', 'n.postId')
    .select(['n.recipientId', (eb) => eb.fn.countAll<number>().as('unread')])
    .where(isAnyOf('n.recipientId', recipientIds))
    .where('n.readAt', 'is', null)
    .where(visibleToRecipient(reader))
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
