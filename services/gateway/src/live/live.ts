import type { Server as HttpServer } from 'node:http';
import { decodeJson, type NatsConnection } from '@outloud/bus';
import {
  checker,
  FeedEvents,
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

export interface LiveLogger {
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

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
  close(): Promise<void>;
}

const MAX_ROOMS_PER_SOCKET = 200;

const ChannelPayload = checker(Type.Object({ channelId: Type.String({ format: 'uuid' }) }));
const PostPayload = checker(Type.Object({ postId: Type.String({ format: 'uuid' }) }));
const feedEventCheckers = Object.fromEntries(
  Object.entries(FeedEvents).map(([type, { schema }]) => [type, checker(schema)]),
);

/**
 * socket.io on the gateway's HTTP server. Sockets authenticate with the session cookie or an API
 * token; they join a channel or post room only after the feed service confirms the actor may see
 * it. Every feed event on NATS (a plain subscription, so every gateway instance gets each one)
 * is turned into the API's socket events for the rooms concerned.
 */
export function startLive(deps: {
  server: HttpServer;
  nc: NatsConnection;
  names: Names;
  services: ServiceClients;
  resolveActor: (input: { cookieHeader?: string; bearerToken?: string }) => Promise<Actor | null>;
  /** Called on every membership or channel change, before anything else reacts to it. */
  onAccessChanged?: () => void;
  logger: LiveLogger;
}): Live {
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

  io.on('connection', (socket: LiveSocket) => {
    const actor = socket.data.actor;
    void socket.join(SocketRooms.user(actor.id));
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
      deps.services.feed
        .call('accessibleChannels', { actor })
        .then(({ channelIds }) => {
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
      deps.services.feed
        .call('getPost', { actor, id: payload.postId })
        .then(({ post }) => {
          socket.data.postChannels.set(post.id, post.channelId);
          return socket.join(SocketRooms.post(payload.postId));
        })
        .catch((error: { code?: string }) =>
          error.code === 'post_not_found'
            ? refuse('post_not_found', 'No such post.')
            : refuse('unavailable', 'Could not subscribe right now; try again.'),
        );
    });
    socket.on('post:unsubscribe', (payload) => {
      if (!PostPayload.check(payload)) return;
      socket.data.postChannels.delete(payload.postId);
      void socket.leave(SocketRooms.post(payload.postId));
    });
  });

  /** Maps each feed event to the API's socket events, sent only to rooms whose members may see it. */
  const emitFeedEvent = (event: FeedEvent) => {
    switch (event.type) {
      case 'feed.post.created.v1':
        io.to(SocketRooms.channel(event.data.post.channelId)).emit('post:created', {
          post: event.data.post,
        });
        return;
      case 'feed.post.updated.v1':
        io.to([
          SocketRooms.channel(event.data.post.channelId),
          SocketRooms.post(event.data.post.id),
        ]).emit('post:updated', {
          post: event.data.post,
        });
        return;
      case 'feed.post.deleted.v1':
        io.to([
          SocketRooms.channel(event.data.channel.id),
          SocketRooms.post(event.data.postId),
        ]).emit('post:deleted', {
          id: event.data.postId,
        });
        return;
      case 'feed.answer.created.v1':
        io.to([
          SocketRooms.post(event.data.post.id),
          SocketRooms.channel(event.data.post.channelId),
        ]).emit('answer:created', {
          answer: event.data.answer,
        });
        return;
      case 'feed.answer.accepted.v1':
        if (event.data.answer) {
          io.to([
            SocketRooms.post(event.data.post.id),
            SocketRooms.channel(event.data.post.channelId),
          ]).emit('answer:accepted', {
            answer: event.data.answer,
          });
        } else {
          io.to(SocketRooms.post(event.data.post.id)).emit('post:updated', {
            post: event.data.post,
          });
        }
        return;
      case 'feed.answer.updated.v1':
      case 'feed.answer.deleted.v1':
        // The question page reloads its answers on a post update; counts change too.
        io.to(SocketRooms.post(event.data.post.id)).emit('post:updated', { post: event.data.post });
        return;
      case 'feed.vote.changed.v1':
        io.to([
          SocketRooms.post(event.data.post.id),
          SocketRooms.channel(event.data.post.channelId),
        ]).volatile.emit('vote:changed', {
          targetType: event.data.targetType,
          id: event.data.targetId,
          score: event.data.score,
        });
        return;
      case 'feed.membership.changed.v1':
        deps.onAccessChanged?.();
        // Leaving a private channel ends its live updates for that person's sockets.
        if (!event.data.member && event.data.channel.visibility === 'private') {
          void recheckAccess(SocketRooms.user(event.data.userId), event.data.channel.id);
        }
        return;
      case 'feed.channel.updated.v1':
        deps.onAccessChanged?.();
        // A channel that turned private keeps only the sockets of its members.
        if (event.data.channel.visibility === 'private')
          void recheckAccess(SocketRooms.channel(event.data.channel.id), event.data.channel.id);
        return;
      case 'feed.channel.created.v1':
        deps.onAccessChanged?.();
        return;
      case 'feed.follow.changed.v1':
        return;
      default: {
        const unhandled: never = event;
        deps.logger.warn({ event: unhandled }, 'no live mapping for event');
      }
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

  const subscription = deps.nc.subscribe(deps.names.events('feed'), {
    callback: (error, msg) => {
      if (error) return deps.logger.error({ err: error }, 'live subscription failed');
      const event = decodeJson(msg.data) as { type?: string } | undefined;
      const check = event?.type ? feedEventCheckers[event.type] : undefined;
      if (!check) return; // an event type with no live counterpart
      if (!check.check(event))
        return deps.logger.warn({ subject: msg.subject }, 'dropping invalid live event');
      emitFeedEvent(event);
    },
  });

  let closing: Promise<void> | undefined;
  return {
    io,
    close: () =>
      (closing ??= (async () => {
        subscription.unsubscribe();
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
