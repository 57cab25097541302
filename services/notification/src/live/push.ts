import { encodeJson, type NatsConnection } from '@outloud/bus';
import type { LiveUserPush, Names } from '@outloud/contracts';
import type { Kysely } from 'kysely';
import type { NotifyDB } from '../db.js';
import type { Delivered } from '../fanout/fanout.js';
import { unreadCounts } from '../notifications/notifications.repository.js';

/**
 * Tells every gateway, on `live.user.<id>` (core NATS), what to push to each recipient's sockets.
 * Best effort by design: the notifications are already stored, and clients read them over REST.
 */
export async function pushNotifications(
  deps: { nc: NatsConnection; names: Names; db: Kysely<NotifyDB> },
  delivered: readonly Delivered[],
): Promise<void> {
  if (delivered.length === 0) return;
  const counts = await unreadCounts(deps.db, [...new Set(delivered.map((d) => d.recipientId))]);
  for (const { recipientId, notification } of delivered) {
    const push: LiveUserPush = {
      kind: 'notification',
      userId: recipientId,
      notification,
      unreadCount: counts.get(recipientId) ?? 0,
    };
    deps.nc.publish(deps.names.liveUser(recipientId), encodeJson(push));
  }
}

export function pushReadState(
  deps: { nc: NatsConnection; names: Names },
  userId: string,
  unreadCount: number,
): void {
  const push: LiveUserPush = { kind: 'read', userId, unreadCount };
  deps.nc.publish(deps.names.liveUser(userId), encodeJson(push));
}
