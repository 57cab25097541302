import { RpcError, type NatsConnection, type RpcHandlers } from '@outloud/bus';
import {
  Limits,
  type Actor,
  type Names,
  type NotificationRpc,
  type Role,
} from '@outloud/contracts';
import type { Kysely } from 'kysely';
import type { NotifyDB } from '../db.js';
import { collectDigest, isEmptyDigest } from '../digest/collect-digest.js';
import { renderDigest } from '../digest/render-digest.js';
import { localesOf } from '../projection/people-status.js';
import { pushReadState } from '../live/push.js';
import { readerOf } from '../moderation/reader.js';
import { routingInsights } from '../routing/routing-insights.js';
import { getPreferences, setPreferences } from '../preferences/preferences.repository.js';
import type { WebhookVerbs } from '../webhooks/webhooks.handlers.js';
import { listNotifications, markRead, unreadCounts } from './notifications.repository.js';

/** Who may see how routed questions fared. */
const INSIGHT_ROLES: ReadonlySet<Role> = new Set(['ld', 'manager', 'admin']);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A notification id is the cursor: ids are UUIDv7, so they sort by time. */
function decodeCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  if (!UUID.test(cursor)) {
    throw new RpcError(
      'validation_failed',
      'The cursor is not valid: ask for the first page again.',
      [{ field: 'cursor', message: 'is not a cursor from this list' }],
    );
  }
  return cursor;
}

export function notificationHandlers(deps: {
  db: Kysely<NotifyDB>;
  nc: NatsConnection;
  names: Names;
  clock: () => Date;
  appUrl: string;
}): Omit<RpcHandlers<typeof NotificationRpc>, WebhookVerbs | 'erasePerson'> {
  const { db, clock } = deps;
  const unreadOf = async (actor: Actor) =>
    (await unreadCounts(db, [actor.id], readerOf(actor))).get(actor.id) ?? 0;
  return {
    async list({ actor, query }) {
      const limit = query.limit ?? Limits.pageDefault;
      const [page, unreadCount] = await Promise.all([
        listNotifications(db, actor.id, {
          unread: query.unread ?? false,
          before: decodeCursor(query.cursor),
          limit: limit + 1,
          reader: readerOf(actor),
        }),
        unreadOf(actor),
      ]);
      const items = page.slice(0, limit);
      return {
        items,
        nextCursor: page.length > limit ? (items.at(-1)?.id ?? null) : null,
        unreadCount,
      };
    },

    async markRead({ actor, input }) {
      await markRead(db, actor.id, input, clock());
      const unreadCount = await unreadOf(actor);
      // The person's other tabs and devices update their badge.
      pushReadState(deps, actor.id, unreadCount);
      return { unreadCount };
    },

    getPreferences: ({ actor }) => getPreferences(db, actor.id),

    setPreferences: ({ actor, input }) => setPreferences(db, actor.id, input, clock()),

    async digestPreview({ actor }) {
      const now = clock();
      const [content, locales] = await Promise.all([
        collectDigest(db, actor.id, now),
        localesOf(db, [actor.id]),
      ]);
      const rendered = renderDigest(content, {
        displayName: actor.displayName,
        appUrl: deps.appUrl,
        day: now.toISOString().slice(0, 10),
        locale: locales.get(actor.id) ?? 'en',
      });
      return { ...rendered, hasContent: !isEmptyDigest(content) };
    },

    async routingInsights({ actor, query }) {
      if (!actor.roles.some((role) => INSIGHT_ROLES.has(role))) {
        throw new RpcError('forbidden', 'Routing insights are for L&D, managers and admins.');
      }
      return routingInsights(db, { days: query.days ?? 30, now: clock() });
    },
  };
}
