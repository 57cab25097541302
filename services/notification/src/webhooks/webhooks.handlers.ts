import { randomBytes } from 'node:crypto';
import { RpcError, type RpcHandlers } from '@outloud/bus';
import { Limits, WEBHOOKS_MAX, type Actor, type NotificationRpc } from '@outloud/contracts';
import { sql, type Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { NotifyDB } from '../db.js';
import { listDeliveries } from './deliveries.repository.js';
import { targetProblem } from './target-url.js';
import {
  countWebhooks,
  deleteWebhook,
  insertWebhook,
  listWebhooks,
  updateWebhook,
  webhookExists,
} from './webhooks.repository.js';

export type WebhookVerbs =
  'listWebhooks' | 'createWebhook' | 'updateWebhook' | 'deleteWebhook' | 'listWebhookDeliveries';

/** Webhooks send the instance's public content elsewhere: admins only, checked here. */
function requireAdmin(actor: Actor): void {
  if (!actor.roles.includes('admin')) {
    throw new RpcError('forbidden', 'Webhooks are for admins.');
  }
}

function checkTarget(url: string, allowPrivate: boolean): void {
  const problem = targetProblem(url, allowPrivate);
  if (problem) {
    throw new RpcError('validation_failed', `The webhook's URL ${problem}.`, [
      { field: 'url', message: problem },
    ]);
  }
}

const notFound = () => new RpcError('not_found', 'There is no such webhook.');

/** A Standard Webhooks secret: `whsec_` and 24 random bytes in base64. */
export const newSecret = () => `whsec_${randomBytes(24).toString('base64')}`;

/** Cursor of the delivery log: the last item's time and id. */
function decodeCursor(cursor: string | undefined): { createdAt: Date; id: string } | undefined {
  if (cursor === undefined) return undefined;
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const createdAt = new Date(Number(at));
  if (!id || !/^[0-9a-f-]{36}$/i.test(id) || Number.isNaN(createdAt.getTime())) {
    throw new RpcError(
      'validation_failed',
      'The cursor is not valid: ask for the first page again.',
      [{ field: 'cursor', message: 'is not a cursor from this list' }],
    );
  }
  return { createdAt, id };
}
const encodeCursor = (c: { createdAt: Date; id: string }) =>
  Buffer.from(`${c.createdAt.getTime()}|${c.id}`).toString('base64url');

export function webhookHandlers(deps: {
  db: Kysely<NotifyDB>;
  clock: () => Date;
  allowPrivateTargets: boolean;
}): Pick<RpcHandlers<typeof NotificationRpc>, WebhookVerbs> {
  const { db } = deps;
  return {
    async listWebhooks({ actor }) {
      requireAdmin(actor);
      return { items: await listWebhooks(db, WEBHOOKS_MAX), nextCursor: null };
    },

    async createWebhook({ actor, input }) {
      requireAdmin(actor);
      checkTarget(input.url, deps.allowPrivateTargets);
      const secret = newSecret();
      const now = deps.clock();
      const webhook = await db.transaction().execute(async (trx) => {
        // One create at a time, so two admins adding the last one at once cannot pass the cap.
        await sql`select pg_advisory_xact_lock(hashtext('outloud.notify.webhooks.create'))`.execute(
          trx,
        );
        if ((await countWebhooks(trx)) >= WEBHOOKS_MAX) {
          throw new RpcError('conflict', `An instance keeps at most ${WEBHOOKS_MAX} webhooks.`);
        }
        return insertWebhook(trx, {
          id: uuidv7({ msecs: now.getTime() }),
          url: input.url,
          secret,
          events: input.events,
          preset: input.preset ?? 'standard',
          unansweredHours: input.unansweredHours ?? null,
          createdBy: actor.id,
          createdAt: now,
        });
      });
      return { webhook, secret };
    },

    async updateWebhook({ actor, id, input }) {
      requireAdmin(actor);
      if (input.url !== undefined) checkTarget(input.url, deps.allowPrivateTargets);
      const webhook = await updateWebhook(db, id, input);
      if (!webhook) throw notFound();
      return { webhook };
    },

    async deleteWebhook({ actor, id }) {
      requireAdmin(actor);
      const webhook = await deleteWebhook(db, id);
      if (!webhook) throw notFound();
      return { webhook };
    },

    async listWebhookDeliveries({ actor, id, query }) {
      requireAdmin(actor);
      const before = decodeCursor(query.cursor);
      const limit = query.limit ?? Limits.pageDefault;
      if (!(await webhookExists(db, id))) throw notFound();
      const page = await listDeliveries(db, id, { before, limit: limit + 1 });
      const items = page.slice(0, limit);
      const last = items.at(-1);
      return {
        items: items.map(({ cursor: _, ...item }) => item),
        nextCursor: page.length > limit && last ? encodeCursor(last.cursor) : null,
      };
    },
  };
}
