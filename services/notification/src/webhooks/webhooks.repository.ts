import type { Webhook, WebhookEvent, WebhookPreset } from '@outloud/contracts';
import type { Kysely, Selectable } from 'kysely';
import type { NotifyDB, WebhooksTable } from '../db.js';

const columns = [
  'id',
  'url',
  'events',
  'preset',
  'unansweredHours',
  'active',
  'disabledReason',
  'failureCount',
  'lastDeliveryAt',
  'createdAt',
] as const;
type WebhookRow = Pick<Selectable<WebhooksTable>, (typeof columns)[number]>;

export function toWebhook(row: WebhookRow): Webhook {
  return {
    id: row.id,
    url: row.url,
    events: row.events,
    preset: row.preset,
    active: row.active,
    ...(row.disabledReason ? { disabledReason: row.disabledReason } : {}),
    ...(row.unansweredHours !== null ? { unansweredHours: row.unansweredHours } : {}),
    createdAt: row.createdAt.toISOString(),
    ...(row.lastDeliveryAt ? { lastDeliveryAt: row.lastDeliveryAt.toISOString() } : {}),
    failureCount: row.failureCount,
  };
}

/** Every webhook, newest first (an instance keeps a bounded number). */
export async function listWebhooks(db: Kysely<NotifyDB>, limit: number): Promise<Webhook[]> {
  const rows = await db
    .selectFrom('notify.webhooks')
    .select(columns)
    .orderBy('createdAt', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toWebhook);
}

export async function countWebhooks(db: Kysely<NotifyDB>): Promise<number> {
  const row = await db
    .selectFrom('notify.webhooks')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface NewWebhook {
  id: string;
  url: string;
  secret: string;
  events: WebhookEvent[];
  preset: WebhookPreset;
  unansweredHours: number | null;
  createdBy: string;
  createdAt: Date;
}

export async function insertWebhook(db: Kysely<NotifyDB>, webhook: NewWebhook): Promise<Webhook> {
  const row = await db
    .insertInto('notify.webhooks')
    .values(webhook)
    .returning(columns)
    .executeTakeFirstOrThrow();
  return toWebhook(row);
}

export interface WebhookChanges {
  url?: string;
  events?: WebhookEvent[];
  preset?: WebhookPreset;
  unansweredHours?: number | null;
  active?: boolean;
}

/**
 * Applies an admin's changes. Turning a webhook on (again) clears its failure record, so it gets
 * a fresh start; turning it off by hand leaves no reason (only Outloud's own switch-off has one).
 */
export async function updateWebhook(
  db: Kysely<NotifyDB>,
  id: string,
  changes: WebhookChanges,
): Promise<Webhook | undefined> {
  const switched =
    changes.active === true
      ? { failureCount: 0, failingSince: null, disabledReason: null, disabledAt: null }
      : changes.active === false
        ? { disabledReason: null, disabledAt: null }
        : {};
  const row = await db
    .updateTable('notify.webhooks')
    .set({ ...changes, ...switched })
    .where('id', '=', id)
    .returning(columns)
    .executeTakeFirst();
  return row && toWebhook(row);
}

/** Deletes a webhook with its deliveries and waits; returns it as it was. */
export async function deleteWebhook(
  db: Kysely<NotifyDB>,
  id: string,
): Promise<Webhook | undefined> {
  const row = await db
    .deleteFrom('notify.webhooks')
    .where('id', '=', id)
    .returning(columns)
    .executeTakeFirst();
  return row && toWebhook(row);
}

/** Active webhooks that asked for `event`, with what the caller needs to queue it. */
export async function subscribers(
  db: Kysely<NotifyDB>,
  event: WebhookEvent,
): Promise<{ id: string; unansweredHours: number | null }[]> {
  return db
    .selectFrom('notify.webhooks')
    .select(['id', 'unansweredHours'])
    .where('active', '=', true)
    .where((eb) => eb(eb.val(event), '=', eb.fn.any('events')))
    .execute();
}

export async function webhookExists(db: Kysely<NotifyDB>, id: string): Promise<boolean> {
  const row = await db
    .selectFrom('notify.webhooks')
    .select('id')
    .where('id', '=', id)
    .executeTakeFirst();
  return row !== undefined;
}
