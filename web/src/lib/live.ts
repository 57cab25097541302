import type { Answer, ClientToServerEvents, Post, ServerToClientEvents } from '@outloud/contracts';
import { createContext } from 'svelte';
import { io, type Socket } from 'socket.io-client';
import type { LiveEventPage, Notification } from './notification-types';

/** The feed events that carry a cursor and can be replayed after a reconnect. */
export type FeedEventName =
  | 'post:created'
  | 'post:updated'
  | 'post:deleted'
  | 'answer:created'
  | 'answer:accepted'
  | 'vote:changed';

type Payload<E extends keyof ServerToClientEvents> = Parameters<ServerToClientEvents[E]>[0];

/** One feed event, as it arrives live or from `GET /live/events`. */
export type LiveEvent = {
  [E in FeedEventName]: { event: E; data: Payload<E> };
}[FeedEventName];

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** `online`: connected; `connecting`: first connection; `reconnecting`: lost and retrying. */
export type LiveStatus = 'connecting' | 'online' | 'reconnecting';

type VoteTarget = 'post' | 'answer';

export interface ChannelWatcher {
  /** A post was created in the channel (possibly our own, already shown). */
  onPost: (post: Post) => void;
  onUpdate?: (post: Post) => void;
  onDelete?: (id: string) => void;
  onPostScore?: (id: string, score: number) => void;
  onAnswer?: (answer: Answer) => void;
  /** An answer was accepted (or, with `accepted: false`, its acceptance withdrawn). */
  onAccepted?: (answer: Answer) => void;
  /** Too much was missed while offline: load the page's data again. */
  onReset: () => void;
  /** The server refused a subscription. */
  onError: (message: string) => void;
}

export interface PostWatcher {
  onUpdate: (post: Post) => void;
  onDelete: () => void;
  onAnswer: (answer: Answer) => void;
  onAccepted: (answer: Answer) => void;
  onScore: (targetType: VoteTarget, id: string, score: number) => void;
  onReset: () => void;
  onError: (message: string) => void;
}

export interface NotificationWatcher {
  onNotification: (notification: Notification, unreadCount: number) => void;
  /** Another tab marked notifications read. */
  onUnreadCount: (unreadCount: number) => void;
}

/** Loads one page of the events missed since a cursor (`GET /live/events`). */
export type ReplaySource = (since: string) => Promise<LiveEventPage>;

const feedEvents: readonly string[] = [
  'post:created',
  'post:updated',
  'post:deleted',
  'answer:created',
  'answer:accepted',
  'vote:changed',
];

function isFeedEvent(name: string): name is FeedEventName {
  return feedEvents.includes(name);
}

/** How many recent cursors are remembered to drop an event seen both live and in a replay. */
const SEEN_MAX = 500;

/**
 * The one live connection of a signed-in tab. Pages add watchers; the connection joins their
 * rooms (again after every reconnect), remembers the cursor of the last event, and after a
 * network drop replays what was missed from `GET /live/events` before anything else, so pages
 * see every change once, whether it came live or late.
 */
export class Live {
  readonly #socket: LiveSocket;
  readonly #replay: ReplaySource;
  readonly #onStatus: (status: LiveStatus) => void;
  readonly #onSessionEnded: () => void;
  #cursor: string | null = null;
  readonly #seen = new Set<string>();
  readonly #listeners = new Set<(event: LiveEvent) => void>();
  readonly #resetListeners = new Set<() => void>();
  readonly #errorListeners = new Set<(message: string) => void>();
  readonly #notificationWatchers = new Set<NotificationWatcher>();
  /** Room → how many watchers want it. */
  readonly #channels = new Map<string, number>();
  readonly #posts = new Map<string, number>();
  #connectedBefore = false;
  /** While missed events are replayed, live ones wait here so that older never follow newer. */
  #held: { event: LiveEvent; cursor: string }[] | null = null;

  constructor(options: {
    replay: ReplaySource;
    onStatus: (status: LiveStatus) => void;
    /** The server closed the socket because its session or token ended (sign-out elsewhere, expiry). */
    onSessionEnded?: () => void;
    /** The socket, not yet connected; by default socket.io to this page's origin. */
    socket?: LiveSocket;
  }) {
    this.#replay = options.replay;
    this.#onStatus = options.onStatus;
    this.#onSessionEnded = options.onSessionEnded ?? (() => undefined);
    this.#socket =
      options.socket ?? io({ path: '/socket.io', withCredentials: true, autoConnect: false });
    this.#wire();
  }

  /** Connects (for whoever is signed in now); watchers added before are kept. */
  start(): void {
    this.#onStatus('connecting');
    this.#socket.connect();
  }

  /** Disconnects, forgetting the cursor: the next person starts afresh. */
  stop(): void {
    this.#socket.disconnect();
    this.#cursor = null;
    this.#seen.clear();
    this.#held = null;
    this.#connectedBefore = false;
  }

  /** Streams one channel's post changes. Returns a function that stops watching. */
  watchChannel(channelId: string, watcher: ChannelWatcher): () => void {
    return this.watchChannels([channelId], watcher);
  }

  /**
   * Streams the post changes of several channels with one watcher (the home page's Latest), so
   * an answer or vote reaches it once. Returns a function that stops watching them all.
   */
  watchChannels(channelIds: readonly string[], watcher: ChannelWatcher): () => void {
    const watched = new Set(channelIds);
    const stops = [...watched].map((channelId) =>
      this.#join(this.#channels, channelId, () =>
        this.#socket.emit('channel:subscribe', { channelId }),
      ),
    );
    const stopRooms = () => {
      for (const stop of stops) stop();
    };
    return this.#watch(stopRooms, watcher, (live) => {
      switch (live.event) {
        case 'post:created':
          if (watched.has(live.data.post.channelId)) watcher.onPost(live.data.post);
          break;
        case 'post:updated':
          if (watched.has(live.data.post.channelId)) watcher.onUpdate?.(live.data.post);
          break;
        case 'post:deleted':
          if (watched.has(live.data.channelId)) watcher.onDelete?.(live.data.id);
          break;
        case 'answer:created':
          watcher.onAnswer?.(live.data.answer);
          break;
        case 'answer:accepted':
          watcher.onAccepted?.(live.data.answer);
          break;
        case 'vote:changed':
          if (live.data.targetType === 'post') watcher.onPostScore?.(live.data.id, live.data.score);
          break;
        default: {
          const unknown: never = live;
          return unknown;
        }
      }
    });
  }

  /**
   * Streams one post's changes and answers. Returns a function that stops watching. A change that
   * arrives as an excerpt (`truncated`: the body was too long to send live) reloads the post.
   */
  watchPost(postId: string, watcher: PostWatcher): () => void {
    const stopRoom = this.#join(this.#posts, postId, () =>
      this.#socket.emit('post:subscribe', { postId }),
    );
    return this.#watch(stopRoom, watcher, (live) => {
      switch (live.event) {
        case 'post:created':
          break;
        case 'post:updated':
          if (live.data.post.id !== postId) break;
          if (live.data.post.truncated) watcher.onReset();
          else watcher.onUpdate(live.data.post);
          break;
        case 'post:deleted':
          if (live.data.id === postId) watcher.onDelete();
          break;
        case 'answer:created':
          if (live.data.answer.postId !== postId) break;
          if (live.data.answer.truncated) watcher.onReset();
          else watcher.onAnswer(live.data.answer);
          break;
        case 'answer:accepted':
          if (live.data.answer.postId !== postId) break;
          if (live.data.answer.truncated) watcher.onReset();
          else watcher.onAccepted(live.data.answer);
          break;
        case 'vote:changed':
          watcher.onScore(live.data.targetType, live.data.id, live.data.score);
          break;
        default: {
          const unknown: never = live;
          return unknown;
        }
      }
    });
  }

  watchNotifications(watcher: NotificationWatcher): () => void {
    return this.#add(this.#notificationWatchers, watcher);
  }

  #wire(): void {
    const socket = this.#socket;
    socket.on('connect', () => {
      // A new connection holds no rooms: leaves still pending have nothing to leave.
      for (const timer of this.#leaving.values()) clearTimeout(timer);
      this.#leaving.clear();
      // Hold live events from the first moment rooms are joined again until the replay is done.
      if (this.#connectedBefore && this.#cursor !== null) this.#held ??= [];
      for (const channelId of this.#channels.keys())
        socket.emit('channel:subscribe', { channelId });
      for (const postId of this.#posts.keys()) socket.emit('post:subscribe', { postId });
      this.#onStatus('online');
      const since = this.#cursor;
      if (this.#connectedBefore) {
        if (since === null) this.#reset();
        else void this.#catchUp(since);
      }
      this.#connectedBefore = true;
    });
    socket.on('disconnect', (reason) => {
      // A disconnect we asked for (sign-out) is not a network problem.
      if (reason !== 'io client disconnect') this.#onStatus('reconnecting');
    });
    socket.on('connect_error', () => {
      this.#onStatus(this.#connectedBefore ? 'reconnecting' : 'connecting');
    });
    socket.on('live:cursor', ({ cursor }) => {
      // Only the first: after a reconnect, the replay moves the cursor on from the last seen.
      this.#cursor ??= cursor;
    });
    socket.on('error', ({ code, message }) => {
      if (code === 'session_ended') {
        // Reconnecting would only be refused: stop, and let the app ask who is signed in now.
        this.stop();
        this.#onSessionEnded();
        return;
      }
      for (const listener of this.#errorListeners) listener(message);
    });
    socket.on('notification', ({ notification, unreadCount }) => {
      for (const watcher of this.#notificationWatchers)
        watcher.onNotification(notification, unreadCount);
    });
    socket.on('notifications:read', ({ unreadCount }) => {
      for (const watcher of this.#notificationWatchers) watcher.onUnreadCount(unreadCount);
    });
    for (const name of feedEvents.filter(isFeedEvent)) {
      socket.on(name, (data: LiveEvent['data']) => {
        const event = { event: name, data } as LiveEvent;
        if (this.#held) this.#held.push({ event, cursor: data.cursor });
        else this.#deliver(event, data.cursor);
      });
    }
  }

  /** Replays every event after `since`, page by page; a `reset` makes pages reload instead. */
  async #catchUp(since: string): Promise<void> {
    try {
      let from: string | null = since;
      while (from !== null) {
        const page = await this.#replay(from);
        if (page.reset) {
          this.#reset();
          return;
        }
        for (const item of page.items) {
          if (!isFeedEvent(item.event)) continue;
          this.#deliver({ event: item.event, data: item.data } as LiveEvent, item.cursor);
        }
        from = page.nextCursor;
      }
    } catch {
      // Without a replay, the page's own data is the truth: load it again.
      this.#reset();
    } finally {
      // Then what arrived live meanwhile, oldest first (already-replayed ones are skipped).
      const held = this.#held ?? [];
      this.#held = null;
      held.sort((a, b) => Number(a.cursor) - Number(b.cursor));
      for (const { event, cursor } of held) this.#deliver(event, cursor);
    }
  }

  #deliver(event: LiveEvent, cursor: string): void {
    // One stream event can become several socket events (same cursor, different names).
    const key = `${cursor} ${event.event}`;
    if (this.#seen.has(key)) return;
    this.#seen.add(key);
    if (this.#seen.size > SEEN_MAX) {
      const oldest = this.#seen.values().next().value;
      if (oldest !== undefined) this.#seen.delete(oldest);
    }
    // Cursors are stream positions: keep the furthest, whichever order events arrived in.
    if (this.#cursor === null || Number(cursor) > Number(this.#cursor)) this.#cursor = cursor;
    for (const listener of this.#listeners) listener(event);
  }

  #reset(): void {
    for (const listener of this.#resetListeners) listener();
  }

  /** Listens for events and the watcher's reset and errors; the stop also leaves the room. */
  #watch(
    stopRoom: () => void,
    watcher: { onReset: () => void; onError: (message: string) => void },
    listener: (event: LiveEvent) => void,
  ): () => void {
    const stops = [
      stopRoom,
      this.#listen(listener),
      this.#add(this.#resetListeners, watcher.onReset),
      this.#add(this.#errorListeners, watcher.onError),
    ];
    return () => {
      for (const stop of stops) stop();
    };
  }

  #listen(listener: (event: LiveEvent) => void): () => void {
    return this.#add(this.#listeners, listener);
  }

  #add<T>(set: Set<T>, item: T): () => void {
    set.add(item);
    return () => set.delete(item);
  }

  /**
   * Rooms whose last watcher just stopped, left on the next tick unless a watcher comes back
   * first: a page re-running its effect (stop all, watch again) then sends nothing, instead of a
   * burst of unsubscribe/subscribe pairs that the server's subscription rate limit would refuse.
   */
  readonly #leaving = new Map<string, ReturnType<typeof setTimeout>>();

  /** Counts watchers per room; subscribes on the first (if connected), leaves after the last. */
  #join(rooms: Map<string, number>, id: string, subscribe: () => void): () => void {
    const key = `${rooms === this.#channels ? 'channel' : 'post'}:${id}`;
    const count = rooms.get(id) ?? 0;
    rooms.set(id, count + 1);
    if (count === 0) {
      const leaving = this.#leaving.get(key);
      // Still joined on the server: cancel the pending leave.
      if (leaving !== undefined) {
        clearTimeout(leaving);
        this.#leaving.delete(key);
      } else if (this.#socket.connected) subscribe();
    }
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const left = (rooms.get(id) ?? 1) - 1;
      if (left > 0) {
        rooms.set(id, left);
        return;
      }
      rooms.delete(id);
      if (!this.#socket.connected) return;
      const timer = setTimeout(() => {
        this.#leaving.delete(key);
        if (rooms.has(id) || !this.#socket.connected) return;
        if (rooms === this.#channels) this.#socket.emit('channel:unsubscribe', { channelId: id });
        else this.#socket.emit('post:unsubscribe', { postId: id });
      }, 0);
      this.#leaving.set(key, timer);
    };
  }
}

const [getLive, setLive] = createContext<Live>();

/** `setLive` is called once by the root component; `getLive` by any page that shows live data. */
export { getLive, setLive };
