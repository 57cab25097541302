import { RpcError, type NatsConnection, type RpcHandlers } from '@outloud/bus';
import { Limits, type Names, type NotificationRpc } from '@outloud/contracts';
import type { Kysely } from 'kysely';
import type { NotifyDB } from '../db.js';
import { collectDigest, isEmptyDigest } from '../digest/collect-digest.js';
import { renderDigest } from '../digest/render-digest.js';
import { localesOf } from '../projection/people-status.js';
import { pushReadState } from '../live/push.js';
import { getPreferences, setPreferences } from '../preferences/preferences.repository.js';
import { listNotifications, markRead, unreadCounts } from './notifications.repository.js';

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
}): RpcHandlers<typeof NotificationRpc> {
  const { db, clock } = deps;
  const unreadOf = async (userId: string) => (await unreadCounts(db, [userId])).get(userId) ?? 0;
  return {
    async list({ actor, query }) {
      const limit = query.limit ?? Limits.pageDefault;
      const [page, unreadCount] = await Promise.all([
        listNotifications(db, actor.id, {
          unread: query.unread ?? false,
          before: decodeCursor(query.cursor),
          limit: limit + 1,
        }),
        unreadOf(actor.id),
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
      const unreadCount = await unreadOf(actor.id);
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
  };
}
