import type { Notification } from './api/notifications.js';
import type { Answer, Post } from './api/posts.js';

/**
 * Every feed event on a socket carries `cursor`: a position in the event stream, growing with
 * each event. A client that reconnects asks `GET /live/events?since=<last cursor>` for what it
 * missed.
 */
interface Positioned {
  cursor: string;
}

/**
 * Posts and answers on a socket carry at most 2,000 characters of body text; a longer one is cut
 * to an excerpt with `truncated: true`, and the client reads the whole one with `GET /posts/:id`.
 */
type Excerpt = { truncated?: boolean };

/** Events the server emits to browsers (socket.io `ServerToClientEvents`). */
export interface ServerToClientEvents {
  'post:created': (payload: { post: Post & Excerpt } & Positioned) => void;
  'post:updated': (payload: { post: Post & Excerpt } & Positioned) => void;
  'post:deleted': (payload: { id: string; channelId: string } & Positioned) => void;
  'answer:created': (payload: { answer: Answer & Excerpt } & Positioned) => void;
  'answer:accepted': (payload: { answer: Answer & Excerpt } & Positioned) => void;
  'vote:changed': (
    payload: {
      targetType: 'post' | 'answer';
      id: string;
      postId: string;
      score: number;
    } & Positioned,
  ) => void;
  /** The socket joined the room it asked for: events of it reach the socket from now on. */
  'channel:subscribed': (payload: { channelId: string }) => void;
  'post:subscribed': (payload: { postId: string }) => void;
  /** Sent once on connection: the position from which this socket receives events. */
  'live:cursor': (payload: Positioned) => void;
  notification: (payload: { notification: Notification; unreadCount: number }) => void;
  /** Some notifications were marked read (perhaps in another tab). */
  'notifications:read': (payload: { unreadCount: number }) => void;
  /**
   * A refused message (`validation_failed`, `channel_not_found`, `post_not_found`, `rate_limited`,
   * `unavailable`), or `session_ended` just before the server closes a socket whose session or API
   * token ended (sign-out, expiry, revocation).
   */
  error: (payload: { code: string; message: string }) => void;
}

/** Events browsers send (socket.io `ClientToServerEvents`). */
export interface ClientToServerEvents {
  'channel:subscribe': (payload: { channelId: string }) => void;
  'channel:unsubscribe': (payload: { channelId: string }) => void;
  'post:subscribe': (payload: { postId: string }) => void;
  'post:unsubscribe': (payload: { postId: string }) => void;
}

export const SocketRooms = {
  channel: (id: string) => `channel:${id}`,
  post: (id: string) => `post:${id}`,
  user: (id: string) => `user:${id}`,
} as const;
