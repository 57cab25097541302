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
import type { ServiceClients } from '../services/clients.js';
import type { VisibleChannels } from '../services/visible-channels.js';
import { feedEmissions } from './feed-emissions.js';

export type LiveLogger = BusLogger;

interface SocketData {
  actor: Actor;
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

const MAX_ROOMS_PER_SOCKET = 200;
/**
 * Packets waiting for one client before it is disconnected: a client that cannot keep up is
 * dropped (it reconnects and catches up over REST) instead of buffering without bound.
 */
const MAX_PENDING_PACKETS = 1_000;
const STALL_SWEEP_MS = 2_000;
const MAX_REMEMBERED_POSTS = 50_000;

const ChannelPayload = checker(Type.Object({ channelId: Type.String({ format: 'uuid' }) }));
const PostPayload = checker(Type.Object({ postId: Type.String({ format: 'uuid' }) }));
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
  resolveActor: (input: { cookieHeader?: string; bearerToken?: string }) => Promise<Actor | null>;
  /** Called on every membership or channel change, before anything else reacts to it. */
  onAccessChanged?: () => void;
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

  io.use((socket, next) => {
    const token: unknown = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    deps
      .resolveActor({
        cookieHeader: socket.handshake.headers.cookie,
        bearerToken: typeof token === 'string' ? token : undefined,
      })
      .then((actor) => {
        if (!actor) return next(new Error('unauthenticated'));
        socket.data.actor = actor;
        socket.data.postChannels = new Map();
        return next();
      })
      .catch((error: unknown) => {
        deps.logger.error({ err: error }, 'socket authentication failed');
        next(new Error('unavailable'));
      });
  });

  /**
   * Posts never change channel, so the channel of each post asked about is remembered; whether the
   * actor may see that channel comes from the (briefly cached) visible channels.
   */
  const postChannels = new Map<string, string>();
  const channelOfVisiblePost = async (actor: Actor, postId: string) => {
    let channelId = postChannels.get(postId);
    if (!channelId) {
      try {
        channelId = (await deps.services.feed.call('getPost', { actor, id: postId })).post
          .channelId;
      } catch (error) {
        if ((error as { code?: string }).code === 'post_not_found') return undefined;
        throw error;
      }
      if (postChannels.size >= MAX_REMEMBERED_POSTS) postChannels.clear();
      postChannels.set(postId, channelId);
    }
    return (await deps.visibleChannels.of(actor)).includes(channelId) ? channelId : undefined;
  };

  io.on('connection', (socket: LiveSocket) => {
    const actor = socket.data.actor;
    void socket.join(SocketRooms.user(actor.id));
    // Events from here on reach this socket; anything before it is for `GET /live/events`.
    socket.emit('live:cursor', { cursor: String(tail.position) });
    const refuse = (code: string, message: string) => socket.emit('error', { code, message });
    /** One page needs a few rooms; a socket asking for hundreds is misbehaving. */
    const full = () => {
      if (socket.rooms.size <= MAX_ROOMS_PER_SOCKET) return false;
      refuse(
        'rate_limited',
        `A connection can follow at most ${MAX_ROOMS_PER_SOCKET} channels and posts.`,
      );
      return true;
    };

    socket.on('channel:subscribe', (payload) => {
      if (!ChannelPayload.check(payload)) {
        refuse('validation_failed', 'channel:subscribe needs { channelId }.');
        return;
      }
      if (full()) return;
      deps.visibleChannels
        .of(actor)
        .then((channelIds) => {
          if (!channelIds.includes(payload.channelId))
            return refuse('channel_not_found', 'No such channel.');
          return socket.join(SocketRooms.channel(payload.channelId));
        })
        .catch(() => refuse('unavailable', 'Could not subscribe right now; try again.'));
    });
    socket.on('channel:unsubscribe', (payload) => {
      if (ChannelPayload.check(payload)) void socket.leave(SocketRooms.channel(payload.channelId));
    });
    socket.on('post:subscribe', (payload) => {
      if (!PostPayload.check(payload)) {
        refuse('validation_failed', 'post:subscribe needs { postId }.');
        return;
      }
      if (full()) return;
      channelOfVisiblePost(actor, payload.postId)
        .then((channelId) => {
          if (!channelId) return refuse('post_not_found', 'No such post.');
          socket.data.postChannels.set(payload.postId, channelId);
          return socket.join(SocketRooms.post(payload.postId));
        })
        .catch(() => refuse('unavailable', 'Could not subscribe right now; try again.'));
    });
    socket.on('post:unsubscribe', (payload) => {
      if (!PostPayload.check(payload)) return;
      socket.data.postChannels.delete(payload.postId);
      void socket.leave(SocketRooms.post(payload.postId));
    });
  });

  /** Turns each feed event into the API's socket events, sent only to the rooms concerned. */
  const emitFeedEvent = (event: FeedEvent, cursor: string) => {
    if (event.type === 'feed.post.deleted.v1') postChannels.delete(event.data.postId);
    for (const emission of feedEmissions(event)) {
      const target = io.to(emission.rooms);
      // Vote counts are repeated by the next change: a client that is behind may skip one.
      const sender = emission.volatile ? target.volatile : target;
      // Each emission pairs an event name with its own payload type (checked in feedEmissions).
      const emit = sender.emit.bind(sender) as (event: string, payload: object) => boolean;
      emit(emission.event, { ...emission.payload, cursor });
    }
    if (event.type === 'feed.membership.changed.v1') {
      deps.onAccessChanged?.();
      // Leaving a private channel ends its live updates for that person's sockets.
      if (!event.data.member && event.data.channel.visibility === 'private')
        void recheckAccess(SocketRooms.user(event.data.userId), event.data.channel.id);
    } else if (event.type === 'feed.channel.updated.v1') {
      deps.onAccessChanged?.();
      // A channel that turned private keeps only the sockets of its members.
      if (event.data.channel.visibility === 'private')
        void recheckAccess(SocketRooms.channel(event.data.channel.id), event.data.channel.id);
    } else if (event.type === 'feed.channel.created.v1') {
      deps.onAccessChanged?.();
    }
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
        for (const [postId, postChannel] of socket.data.postChannels) {
          if (postChannel !== channelId) continue;
          socket.data.postChannels.delete(postId);
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

  let closing: Promise<void> | undefined;
  return {
    io,
    get cursor() {
      return String(tail.position);
    },
    close: () =>
      (closing ??= (async () => {
        clearInterval(sweep);
        pushes.unsubscribe();
        await tail.stop();
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
