import type {
  DeliveryStatus,
  WebhookDelivery,
  WebhookEvent,
  WebhookPreset,
} from '@outloud/contracts';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { NotifyDB } from '../db.js';
import type { WebhookMessage } from './webhook-messages.js';

export interface NewDelivery {
  id: string;
  webhookId: string;
  event: WebhookEvent;
  eventKey: string;
  message: WebhookMessage;
  createdAt: Date;
}

/** Queues deliveries; one per webhook and event key, ever (a repeat is dropped). */
export async function queueDeliveries(
  db: Kysely<NotifyDB>,
  rows: readonly NewDelivery[],
): Promise<number> {
  if (rows.length === 0) return 0;
  const result = await db
    .insertInto('notify.webhookDeliveries')
    .values(
      rows.map((r) => ({
        ...r,
        message: JSON.stringify(r.message),
        nextAttemptAt: r.createdAt,
      })),
    )
    .onConflict((oc) => oc.columns(['webhookId', 'eventKey']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}

/** Something to send now, with the webhook's target and secret. */
export interface DueDelivery {
  id: string;
  webhookId: string;
  event: WebhookEvent;
  message: WebhookMessage;
  attempts: number;
  url: string;
  secret: string;
  preset: WebhookPreset;
}

/**
 * Takes up to `limit` due deliveries of active webhooks and leases them until `leaseUntil`, so
 * other senders (other instances) skip them; a sender that dies mid-attempt leaves them to be
 * taken again when the lease ends.
 */
export async function claimDue(
  db: Kysely<NotifyDB>,
  now: Date,
  limit: number,
  leaseUntil: Date,
): Promise<DueDelivery[]> {
  return db.transaction().execute(async (trx) => {
    const due = await trx
      .selectFrom('notify.webhookDeliveries as d')
      .innerJoin('notify.webhooks as w', 'w.id', 'd.webhookId')
      .select([
        'd.id',
        'd.webhookId',
        'd.event',
        'd.message',
        'd.attempts',
        'w.url',
        'w.secret',
        'w.preset',
      ])
      .where('d.status', '=', 'pending')
      .where('d.nextAttemptAt', '<=', now)
      .where('w.active', '=', true)
      .orderBy('d.nextAttemptAt')
      .limit(limit)
      .forUpdate('d')
      .skipLocked()
      .execute();
    if (due.length === 0) return [];
    await trx
      .updateTable('notify.webhookDeliveries')
      .set({ nextAttemptAt: leaseUntil })
      .where(
        'id',
        'in',
        due.map((d) => d.id),
      )
      .execute();
    return due;
  });
}

export interface Attempt {
  status: DeliveryStatus;
  attempts: number;
  responseCode: number | null;
  durationMs: number;
  error: string | null;
  nextAttemptAt: Date | null;
}

export async function recordAttempt(
  trx: Transaction<NotifyDB>,
  deliveryId: string,
  attempt: Attempt,
): Promise<void> {
  await trx
    .updateTable('notify.webhookDeliveries')
    .set(attempt)
    .where('id', '=', deliveryId)
    .where('status', '=', 'pending')
    .execute();
}

/**
 * Keeps the webhook's failure record: a success clears it, a failure adds to it. Returns the
 * failures in a row and since when, for the caller to decide whether to turn it off.
 */
export async function recordOutcome(
  trx: Transaction<NotifyDB>,
  webhookId: string,
  delivered: boolean,
  now: Date,
): Promise<{ failureCount: number; failingSince: Date | null; active: boolean } | undefined> {
  return trx
    .updateTable('notify.webhooks')
    .set(
      delivered
        ? { failureCount: 0, failingSince: null, lastDeliveryAt: now }
        : {
            failureCount: sql<number>`failure_count + 1`,
            failingSince: sql<Date>`coalesce(failing_since, ${now})`,
            lastDeliveryAt: now,
          },
    )
    .where('id', '=', webhookId)
    .returning(['failureCount', 'failingSince', 'active'])
    .executeTakeFirst();
}

export async function disableWebhook(
  trx: Transaction<NotifyDB>,
  webhookId: string,
  reason: string,
  now: Date,
): Promise<void> {
  await trx
    .updateTable('notify.webhooks')
    .set({ active: false, disabledReason: reason, disabledAt: now, adminsNotifiedAt: null })
    .where('id', '=', webhookId)
    .where('active', '=', true)
    .execute();
}

/** Webhooks Outloud turned off whose admins have not been told yet. */
export async function disabledUntold(
  db: Kysely<NotifyDB>,
): Promise<{ id: string; url: string; disabledReason: string | null }[]> {
  return db
    .selectFrom('notify.webhooks')
    .select(['id', 'url', 'disabledReason'])
    .where('active', '=', false)
    .where('disabledAt', 'is not', null)
    .where('adminsNotifiedAt', 'is', null)
    .limit(50)
    .execute();
}

export async function markAdminsNotified(
  db: Kysely<NotifyDB>,
  id: string,
  now: Date,
): Promise<void> {
  await db
    .updateTable('notify.webhooks')
    .set({ adminsNotifiedAt: now })
    .where('id', '=', id)
    .execute();
}

/** A page of one webhook's deliveries, newest first, after the `before` position. */
export async function listDeliveries(
  db: Kysely<NotifyDB>,
  webhookId: string,
  options: { before?: { createdAt: Date; id: string }; limit: number },
): Promise<(WebhookDelivery & { cursor: { createdAt: Date; id: string } })[]> {
  const before = options.before;
  const rows = await db
    .selectFrom('notify.webhookDeliveries')
    .select([
      'id',
      'event',
      'status',
      'attempts',
      'responseCode',
      'durationMs',
      'error',
      'createdAt',
      'nextAttemptAt',
    ])
    .where('webhookId', '=', webhookId)
    .$if(before !== undefined, (qb) =>
      qb.where((eb) =>
        eb(eb.refTuple('createdAt', 'id'), '<', eb.tuple(before!.createdAt, before!.id)),
      ),
    )
    .orderBy('createdAt', 'desc')
    .orderBy('id', 'desc')
    .limit(options.limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    event: r.event,
    status: r.status,
    attempts: r.attempts,
    ...(r.responseCode !== null ? { responseCode: r.responseCode } : {}),
    ...(r.durationMs !== null ? { durationMs: r.durationMs } : {}),
    ...(r.error !== null ? { error: r.error } : {}),
    createdAt: r.createdAt.toISOString(),
    ...(r.status === 'pending' && r.nextAttemptAt
      ? { nextAttemptAt: r.nextAttemptAt.toISOString() }
      : {}),
    cursor: { createdAt: r.createdAt, id: r.id },
  }));
}

export interface NewWait {
  webhookId: string;
  postId: string;
  dueAt: Date;
  message: WebhookMessage;
}

export async function addWaits(db: Kysely<NotifyDB>, rows: readonly NewWait[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('notify.webhookWaits')
    .values(rows.map((r) => ({ ...r, message: JSON.stringify(r.message) })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/**
 * Takes the waits due at `now` (and removes them) and tells which questions are still open:
 * public, not hidden, not deleted, no visible answer, as the notification projection has them.
 */
export async function takeDueWaits(
  trx: Transaction<NotifyDB>,
  now: Date,
  limit: number,
): Promise<(NewWait & { open: boolean })[]> {
  const due = await trx
    .selectFrom('notify.webhookWaits as w')
    .leftJoin('notify.posts as p', 'p.id', 'w.postId')
    .leftJoin('notify.channels as c', 'c.id', 'p.channelId')
    .select(['w.webhookId', 'w.postId', 'w.dueAt', 'w.message'])
    .select((eb) =>
      eb
        .and([
          eb('p.answerCount', '=', 0),
          eb('p.hidden', '=', false),
          eb('p.deleted', '=', false),
          eb('c.visibility', '=', 'public'),
        ])
        .as('open'),
    )
    .where('w.dueAt', '<=', now)
    .orderBy('w.dueAt')
    .limit(limit)
    .forUpdate('w')
    .skipLocked()
    .execute();
  if (due.length === 0) return [];
  await trx
    .deleteFrom('notify.webhookWaits')
    .where((eb) =>
      eb.or(
        due.map((d) => eb.and([eb('webhookId', '=', d.webhookId), eb('postId', '=', d.postId)])),
      ),
    )
    .execute();
  return due.map((d) => ({ ...d, open: d.open === true }));
}
