import Type from 'typebox';
import { Notification } from '../api/notifications.js';
import { Id } from '../common.js';

/**
 * Messages on `live.user.<id>` (core NATS, best effort): the notification service tells every
 * gateway what to push to one person's sockets. The REST API stays the truth.
 */
export const LiveUserPush = Type.Union([
  Type.Object({
    kind: Type.Literal('notification'),
    userId: Id,
    notification: Notification,
    unreadCount: Type.Integer({ minimum: 0 }),
  }),
  Type.Object({
    kind: Type.Literal('read'),
    userId: Id,
    unreadCount: Type.Integer({ minimum: 0 }),
  }),
]);
export type LiveUserPush = Type.Static<typeof LiveUserPush>;

/** One live event a reconnecting client missed, as it would have arrived on its socket. */
export const MissedLiveEvent = Type.Object({
  cursor: Type.String(),
  event: Type.String(),
  data: Type.Unknown(),
});

export const MissedLiveEventsQuery = Type.Object(
  {
    since: Type.String({ pattern: '^[0-9]{1,15}$' }), // below 2^53: read as a Number
    channelId: Type.Optional(Id),
    postId: Type.Optional(Id),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  },
  { additionalProperties: false },
);
export type MissedLiveEventsQuery = Type.Static<typeof MissedLiveEventsQuery>;

export const MissedLiveEvents = Type.Object({
  items: Type.Array(MissedLiveEvent),
  /** Pass as `since` to read on; null once the client is up to date. */
  nextCursor: Type.Union([Type.String(), Type.Null()]),
  /** True when the events after `since` are no longer kept: reload the page instead. */
  reset: Type.Boolean(),
});
export type MissedLiveEvents = Type.Static<typeof MissedLiveEvents>;
