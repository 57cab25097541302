import { createHash } from 'node:crypto';
import type { Server as HttpServer } from 'node:http';
import { decodeJson, tailEvents, type BusLogger, type NatsConnection } from '@outloud/bus';
import {
  checker,
  FeedEvents,
  LiveUserPush,
  SocketRooms,
  type Actor,
  type ClientToServerEvents,
  type FeedEvent,
  type Names,
  type ServerToClientEvents,
} from '@outloud/contracts';
import { Server, type Socket } from 'socket.io';
import Type from 'typebox';
import type { Credential } from '../identity/identity.service.js';
import type { ServiceClients } from '../services/clients.js';
import type { VisibleChannels } from '../services/visible-channels.js';
import { TtlCache } from '../services/ttl-cache.js';
import { startCredentialSweep } from './credential-sweep.js';
import type { AuthorBadges } from '../learning/badges.js';
import { feedEmissions, reaches, type Emission } from './feed-emissions.js';
import { createBadgedDelivery } from './live-badges.js';
import { createPostAccess } from './post-access.js';
import { BudgetVerdict, createSubscribeBudget } from './subscribe-budget.js';

export type LiveLogger = BusLogger;

interface SocketData {
  actor: Actor;
  /** The session or API token the socket was opened with; the socket ends when it does. */
  credential: Credential;
  /** Channel and post rooms asked for (joined or being checked): what the room cap counts. */
  subscriptions: Set<string>;
  /** The channel of each post room the socket is in, to drop them when access is lost. */
  postChannels: Map<string, string>;
}

type LiveServer = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>;
type LiveSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>;

export interface Live {
  readonly io: LiveServer;
  /** The stream position of the last feed event this gateway has seen. */
  readonly cursor: string;
  close(): Promise<void>;
}

/**
 * Packets waiting for one client before it is disconnected: a client that cannot keep up is
 * dropped (it reconnects and catches up over REST) instead of buffering without bound.
 */
const MAX_PENDING_PACKETS = 1_000;
const STALL_SWEEP_MS = 2_000;
/** How long someone disconnected for flooding must wait before opening a new socket. */
const FLOOD_COOLDOWN_MS = 10_000;

/** Limits for each socket, from the gateway's configuration. */
export interface LiveLimits {
  /** Subscribe/unsubscribe messages per second and at once (token bucket). */
  subscribePerSecond: number;
  subscribeBurst: number;
  /** Channel and post rooms one socket may follow at once. */
  maxRooms: number;
  /** How often the credentials of open sockets are checked. */
  credentialSweepMs: number;
}

/** Socket payloads, checked before any work (the checker also refuses any string holding NUL). */
const ChannelPayload = checker(
  Type.Object({ channelId: Type.String({ format: 'uuid' }) }, { additionalProperties: false }),
);
const PostPayload = checker(
  Type.Object({ postId: Type.String({ format: 'uuid' }) }, { additionalProperties: false }),
);
const LiveUserPushCheck = checker(LiveUserPush);
const feedEventCheckers = Object.fromEntries(
  Object.entries(FeedEvents).map(([type, { schema }]) => [type, checker(schema)]),
);

/** The event as a valid feed event, or undefined. */
export function asFeedEvent(event: unknown): FeedEvent | undefined {
  const type = (event as { type?: unknown } | undefined)?.type;
  const check = typeof type === 'string' ? feedEventCheckers[type] : undefined;
  return check?.check(event) ? event : undefined;
}

/**
 * socket.io on the gateway's HTTP server. Sockets authenticate with the session cookie or an API
 * token; they join a channel or post room only after the feed service confirms the actor may see
 * it. Every feed event (read with this gateway's own ordered stream consumer, so every instance
 * gets each one, with its stream sequence as the cursor) is turned into the API's socket events
 * for the rooms concerned; notifications arrive on `live.user.*` for that person's sockets.
 */
export async function startLive(deps: {
  server: HttpServer;
  nc: NatsConnection;
  names: Names;
  services: ServiceClients;
  visibleChannels: VisibleChannels;
  authenticate: (input: {
    cookieHeader?: string;
    bearerToken?: string;
  }) => Promise<{ actor: Actor; credential: Credential } | null>;
  /** Of the credentials held by sockets, those no longer valid (one query per sweep). */
  endedCredentials: (held: Credential[]) => Promise<Credential[]>;
  limits: LiveLimits;
  /** Milliseconds, for the subscription budgets. */
  now?: () => number;
  /** Called on every membership or channel change, before anything else reacts to it. */
  onAccessChanged?: () => void;
  /** Author badges for pushed posts and answers (as REST reads carry them). */
  badges?: AuthorBadges;
  logger: LiveLogger;
}): Promise<Live> {
  const io: LiveServer = new Server(deps.server, {
    path: '/socket.io',
    serveClient: false,
    // Bounded buffers: a client that falls this far behind is disconnected, not buffered forever.
    maxHttpBufferSize: 64 * 1024,
    connectionStateRecovery: undefined,
    // The session cookie goes along with any same-site request: only pages served by this
    // gateway (same host) may open a browser socket with it.
    allowRequest: (req, callback) =>
      callback(null, isSameOrigin(req.headers.origin, req.headers.host)),
  });

  const postAccess = createPostAccess(deps);
  const now = deps.now ?? (() => performance.now());
  /**
   * Credentials (hashed) of sockets disconnected for flooding, refused new sockets for a while,
   * before any database work, so reconnecting in a loop costs the gateway next to nothing.
   */
  const flooders = new TtlCache<string, true>({ maxEntries: 100_000, ttlMs: FLOOD_COOLDOWN_MS });
  const credentialKey = (socket: LiveSocket) => {
    const token: unknown = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    return createHash('sha256')
      .update(`${typeof token === 'string' ? token : ''}\n${socket.handshake.headers.cookie ?? ''}`)
      .digest('base64url');
  };
  /**
   * Bumped on every membership or channel change: an access check that straddles one is asked
   * again, so a stale "may see" never grants a room after the person lost access.
   */
  let accessGeneration = 0;
  const freshAccess = async <T>(check: () => Promise<T>): Promise<T> => {
    for (let attempt = 0; attempt < 3; attempt++) {
      const generation = accessGeneration;
      const answer = await check();
      if (generation === accessGeneration) return answer;
    }
    throw new Error('access kept changing during the check');
  };

  io.use((socket, next) => {
    // Someone just disconnected for flooding waits before opening another socket.
    if (flooders.get(credentialKey(socket))) return next(new Error('rate_limited'));
    const token: unknown = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    deps
      .authenticate({
        cookieHeader: socket.handshake.headers.cookie,
        bearerToken: typeof token === 'string' ? token : undefined,
      })
      .then((auth) => {
        if (!auth) return next(new Error('unauthenticated'));
        socket.data.actor = auth.actor;
        socket.data.credential = auth.credential;
        socket.data.postChannels = new Map();
        socket.data.subscriptions = new Set();
        return next();
      })
      .catch((error: unknown) => {
        deps.logger.error({ err: error }, 'socket authentication failed');
        next(new Error('unavailable'));
      });
  });

  io.on('connection', (socket: LiveSocket) => {
    const actor = socket.data.actor;
    void socket.join(SocketRooms.user(actor.id));
    // Events from here on reach this socket; anything before it is for `GET /live/events`.
    socket.emit('live:cursor', { cursor: String(tail.position) });
    const refuse = (code: string, message: string) => socket.emit('error', { code, message });
    // Each socket (each tab) has its own budget; reconnecting after a disconnect for flooding
    // is refused for a while (`flooders`), so a new socket does not buy a fresh one.
    const budget = createSubscribeBudget({
      perSecond: deps.limits.subscribePerSecond,
      burst: deps.limits.subscribeBurst,
      now,
    });
    /**
     * Every subscription message passes here first, before any other work: within the budget it
     * goes on; past it, it is refused with an error; a socket that keeps flooding is closed.
     */
    const admitted = () => {
      const verdict = budget.take();
      switch (verdict) {
        case BudgetVerdict.accept:
          return true;
        case BudgetVerdict.refuse:
          refuse('rate_limited', 'Too many subscription messages; slow down.');
          return false;
        case BudgetVerdict.disconnect:
          deps.logger.warn({ userId: actor.id }, 'disconnecting a socket flooding subscriptions');
          refuse('rate_limited', 'Too many subscription messages; disconnecting.');
          flooders.set(credentialKey(socket), true);
          socket.disconnect(true);
          return false;
        default: {
          const unknown: never = verdict;
          return unknown;
        }
      }
    };
    const subscriptions = socket.data.subscriptions;
    /**
     * Reserves a room before any asynchronous work, so a burst of messages cannot pass the cap
     * while earlier checks are still running. False (with an error event) when the cap is reached.
     */
    const reserve = (room: string) => {
      if (subscriptions.has(room)) return false; // joined or being checked already
      if (subscriptions.size >= deps.limits.maxRooms) {
        refuse(
          'rate_limited',
          `A connection can follow at most ${deps.limits.maxRooms} channels and posts.`,
        );
        return false;
      }
      subscriptions.add(room);
      return true;
    };
    const unavailable = (room: string) => () => {
      subscriptions.delete(room);
      refuse('unavailable', 'Could not subscribe right now; try again.');
    };

    socket.on('channel:subscribe', (payload) => {
      if (!admitted()) return;
      if (!ChannelPayload.check(payload)) {
        refuse('validation_failed', 'channel:subscribe needs { channelId } (a UUID).');
        return;
      }
      const room = SocketRooms.channel(payload.channelId);
      if (!reserve(room)) return;
      freshAccess(() => deps.visibleChannels.of(actor))
        .then((channelIds) => {
          if (!subscriptions.has(room)) return undefined; // unsubscribed meanwhile
          if (!channelIds.includes(payload.channelId)) {
            subscriptions.delete(room);
            return refuse('channel_not_found', 'No such channel.');
          }
          return Promise.resolve(socket.join(room)).then(() =>
            socket.emit('channel:subscribed', { channelId: payload.channelId }),
          );
        })
        .catch(unavailable(room));
    });
    socket.on('channel:unsubscribe', (payload) => {
      if (!admitted() || !ChannelPayload.check(payload)) return;
      const room = SocketRooms.channel(payload.channelId);
      subscriptions.delete(room);
      void socket.leave(room);
    });
    socket.on('post:subscribe', (payload) => {
      if (!admitted()) return;
      if (!PostPayload.check(payload)) {
        refuse('validation_failed', 'post:subscribe needs { postId } (a UUID).');
        return;
      }
      const room = SocketRooms.post(payload.postId);
      if (!reserve(room)) return;
      freshAccess(() => postAccess.channelOfVisiblePost(actor, payload.postId))
        .then((channelId) => {
          if (!subscriptions.has(room)) return undefined; // unsubscribed meanwhile
          if (!channelId) {
            subscriptions.delete(room);
            return refuse('post_not_found', 'No such post.');
          }
          socket.data.postChannels.set(payload.postId, channelId);
          return Promise.resolve(socket.join(room)).then(() =>
            socket.emit('post:subscribed', { postId: payload.postId }),
          );
        })
        .catch(unavailable(room));
    });
    socket.on('post:unsubscribe', (payload) => {
      if (!admitted() || !PostPayload.check(payload)) return;
      const room = SocketRooms.post(payload.postId);
      subscriptions.delete(room);
      socket.data.postChannels.delete(payload.postId);
      void socket.leave(room);
    });
  });

  /**
   * The sockets of the rooms that an emission about hidden content may reach (`audience`). Read
   * from this gateway's own rooms: each gateway emits to its own sockets only.
   */
  const audienceOf = (emission: Emission): string[] => {
    const ids = new Set<string>();
    for (const room of emission.rooms) {
      for (const id of io.sockets.adapter.rooms.get(room) ?? []) {
        const actor = io.sockets.sockets.get(id)?.data.actor;
        if (actor && reaches(emission.audience, actor)) ids.add(id);
      }
    }
    return [...ids];
  };
  const send = (emissions: readonly Emission[], cursor: string) => {
    for (const emission of emissions) {
      const sockets = emission.audience ? audienceOf(emission) : emission.rooms;
      if (sockets.length === 0) continue;
      const target = io.to(sockets);
      // Vote counts are repeated by the next change: a client that is behind may skip one.
      const sender = emission.volatile ? target.volatile : target;
      // Each emission pairs an event name with its own payload type (checked in feedEmissions).
      const emit = sender.emit.bind(sender) as (event: string, payload: object) => boolean;
      emit(emission.event, { ...emission.payload, cursor });
    }
  };
  const delivery = createBadgedDelivery({
    badges: deps.badges,
    send,
    onLookupError: (error) =>
      deps.logger.warn({ err: error }, 'live posts without badges: lookup failed'),
    onSendError: (error, cursor) => deps.logger.error({ err: error, cursor }, 'live send failed'),
  });

  /** Turns each feed event into the API's socket events, sent only to the rooms concerned. */
  const emitFeedEvent = (event: FeedEvent, cursor: string) => {
    if (event.type === 'feed.post.deleted.v1') postAccess.deleted(event.data.postId);
    else if (event.type === 'feed.post.created.v1' && !event.data.post.hidden)
      postAccess.created(event.data.post.id, event.data.post.channelId);
    else if (event.type === 'feed.post.updated.v1' && event.data.post.hidden)
      postAccess.hid(event.data.post.id);
    else if (event.type === 'feed.post.updated.v1' && event.data.changed.includes('hidden'))
      postAccess.restored(event.data.post.id, event.data.post.channelId);
    delivery.deliver(feedEmissions(event), cursor);
    if (event.type === 'feed.membership.changed.v1') {
      accessChanged();
      // Leaving a private channel ends its live updates for that person's sockets.
      if (!event.data.member && event.data.channel.visibility === 'private')
        void recheckAccess(SocketRooms.user(event.data.userId), event.data.channel.id);
    } else if (event.type === 'feed.channel.updated.v1') {
      accessChanged();
      // A channel that turned private keeps only the sockets of its members.
      if (event.data.channel.visibility === 'private')
        void recheckAccess(SocketRooms.channel(event.data.channel.id), event.data.channel.id);
    } else if (event.type === 'feed.channel.created.v1') {
      accessChanged();
    }
  };

  const accessChanged = () => {
    accessGeneration++;
    deps.onAccessChanged?.();
    postAccess.accessChanged();
  };

  /**
   * Re-checks, with the feed service, whether the sockets in `room` (and every socket in a post
   * room of the channel) may still see `channelId`; those that may not leave its rooms.
   */
  const recheckAccess = async (room: string, channelId: string) => {
    try {
      const sockets = await io.fetchSockets();
      const concerned = sockets.filter(
        (s) =>
          s.rooms.has(room) ||
          s.rooms.has(SocketRooms.channel(channelId)) ||
          [...s.data.postChannels.values()].includes(channelId),
      );
      const byActor = new Map<string, Promise<boolean>>();
      for (const socket of concerned) {
        const actor = socket.data.actor;
        let allowed = byActor.get(actor.id);
        if (!allowed) {
          allowed = deps.services.feed
            .call('accessibleChannels', { actor })
            .then(({ channelIds }) => channelIds.includes(channelId));
          byActor.set(actor.id, allowed);
        }
        if (await allowed) continue;
        socket.leave(SocketRooms.channel(channelId));
        socket.data.subscriptions.delete(SocketRooms.channel(channelId));
        for (const [postId, postChannel] of socket.data.postChannels) {
          if (postChannel !== channelId) continue;
          socket.data.postChannels.delete(postId);
          socket.data.subscriptions.delete(SocketRooms.post(postId));
          socket.leave(SocketRooms.post(postId));
        }
      }
    } catch (error) {
      deps.logger.error(
        { err: error, channelId },
        'could not re-check socket access; dropping the channel rooms',
      );
      io.in(room).socketsLeave(SocketRooms.channel(channelId));
    }
  };

  const tail = await tailEvents({
    nc: deps.nc,
    names: deps.names,
    filterSubject: deps.names.events('feed'),
    logger: deps.logger,
    onEvent: ({ seq, event }) => {
      const feedEvent = asFeedEvent(event);
      if (!feedEvent) return deps.logger.warn({ seq }, 'dropping invalid live event');
      emitFeedEvent(feedEvent, String(seq));
    },
  });

  // Notifications and read marks for one person, from the notification service.
  const pushes = deps.nc.subscribe(deps.names.liveUser('*'), {
    callback: (error, msg) => {
      if (error) return deps.logger.error({ err: error }, 'live push subscription failed');
      const push = decodeJson(msg.data);
      if (!LiveUserPushCheck.check(push))
        return deps.logger.warn({ subject: msg.subject }, 'dropping invalid live push');
      const room = io.to(SocketRooms.user(push.userId));
      if (push.kind === 'notification')
        room.emit('notification', {
          notification: push.notification,
          unreadCount: push.unreadCount,
        });
      else room.emit('notifications:read', { unreadCount: push.unreadCount });
    },
  });

  const sweep = setInterval(() => dropStalledSockets(io, deps.logger), STALL_SWEEP_MS);
  sweep.unref();

  // Live access ends with the credential: sockets whose session or token ended are closed.
  const credentials = startCredentialSweep({
    intervalMs: deps.limits.credentialSweepMs,
    sockets: function* () {
      for (const socket of io.sockets.sockets.values()) {
        if (!socket.data.credential) continue;
        yield {
          credential: socket.data.credential,
          end: () => {
            socket.emit('error', {
              code: 'session_ended',
              message: 'Your session ended; sign in again.',
            });
            socket.disconnect(true);
          },
        };
      }
    },
    endedCredentials: deps.endedCredentials,
    onError: (error) =>
      deps.logger.error({ err: error }, 'could not check the credentials of open sockets'),
  });

  let closing: Promise<void> | undefined;
  return {
    io,
    get cursor() {
      return String(tail.position);
    },
    close: () =>
      (closing ??= (async () => {
        clearInterval(sweep);
        credentials.stop();
        pushes.unsubscribe();
        await tail.stop();
        await delivery.drained();
        await new Promise<void>((resolve) => {
          void io.close(() => resolve());
        });
      })()),
  };
}

/** True when a browser's Origin names the host it connected to (or there is no Origin: not a browser). */
export function isSameOrigin(origin: string | undefined, host: string | undefined): boolean {
  if (!origin) return true;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** Disconnects sockets whose client has fallen too far behind; the others never wait for them. */
function dropStalledSockets(io: LiveServer, logger: LiveLogger): void {
  for (const socket of io.sockets.sockets.values()) {
    const pending =
      (socket.conn as unknown as { writeBuffer?: unknown[] }).writeBuffer?.length ?? 0;
    if (pending > MAX_PENDING_PACKETS) {
      logger.warn({ userId: socket.data.actor.id, pending }, 'disconnecting a stalled socket');
      socket.disconnect(true);
    }
  }
}
