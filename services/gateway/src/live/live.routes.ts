import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { readEventsAfter, type NatsConnection } from '@outloud/bus';
import {
  MissedLiveEvents,
  MissedLiveEventsQuery,
  SocketRooms,
  type Names,
} from '@outloud/contracts';
import type { GatewayConfig } from '../config.js';
import { errorResponses, signedIn, Tags } from '../core/openapi.js';
import { catchUpRateLimit } from '../core/rate-limit.js';
import { actorOf, requireActor } from '../identity/auth.hooks.js';
import type { VisibleChannels } from '../services/visible-channels.js';
import { feedEmissions } from './feed-emissions.js';
import { asFeedEvent } from './live.js';

export interface LiveRoutesOptions {
  nc: NatsConnection;
  names: Names;
  visibleChannels: VisibleChannels;
  config: GatewayConfig;
}

const DEFAULT_LIMIT = 200;
/**
 * Replay covers a dropped connection, not history: older positions answer `reset` (reload), so
 * the stream cannot be mined for posts since deleted or edited.
 */
const MAX_REPLAY_AGE_MS = 15 * 60 * 1000;

/**
 * `GET /live/events?since=<cursor>`: the socket events a client missed while disconnected, in
 * order, exactly as they would have arrived, limited to the channels the actor may see (and to
 * one channel or post when asked). Read from the event stream itself, so every gateway answers
 * the same.
 */
export const liveRoutes: FastifyPluginAsyncTypebox<LiveRoutesOptions> = async (
  app,
  { nc, names, visibleChannels, config },
) => {
  app.addHook('onRequest', requireActor);

  app.get(
    '/live/events',
    {
      config: { rateLimit: catchUpRateLimit(config) },
      schema: {
        tags: [Tags.posts],
        summary: 'Socket events missed since a cursor (for clients that reconnect)',
        description:
          'Every feed event on a socket carries `cursor`. After a reconnect, pass the last one ' +
          'seen as `since`, apply the items in order, and read on with `nextCursor` until it is ' +
          'null. `reset: true` means the events are no longer kept: reload the data instead.',
        security: signedIn,
        querystring: MissedLiveEventsQuery,
        response: { 200: MissedLiveEvents, ...errorResponses(400, 401, 429, 503) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const { since, channelId, postId } = request.query;
      const limit = request.query.limit ?? DEFAULT_LIMIT;
      const [visible, read] = await Promise.all([
        visibleChannels.of(actor),
        readEventsAfter({
          nc,
          names,
          filterSubject: names.events('feed'),
          afterSeq: Number(since),
          max: limit,
          maxAgeMs: MAX_REPLAY_AGE_MS,
        }),
      ]);
      if (read.gap) return { items: [], nextCursor: null, reset: true };
      const allowed = new Set(visible);
      const feedEvents = read.events.flatMap(({ seq, event }) => {
        const feedEvent = asFeedEvent(event);
        return feedEvent ? [{ seq, event: feedEvent }] : [];
      });
      // A post deleted later in this page is replayed only as its deletion.
      const deleted = new Set(
        feedEvents.flatMap(({ event }) =>
          event.type === 'feed.post.deleted.v1' ? [event.data.postId] : [],
        ),
      );
      const items = [];
      for (const { seq, event: feedEvent } of feedEvents) {
        for (const emission of feedEmissions(feedEvent)) {
          if (!allowed.has(emission.channelId)) continue;
          if (deleted.has(emission.postId) && emission.event !== 'post:deleted') continue;
          if (channelId && !emission.rooms.includes(SocketRooms.channel(channelId))) continue;
          if (postId && emission.postId !== postId) continue;
          const cursor = String(seq);
          items.push({ cursor, event: emission.event, data: { ...emission.payload, cursor } });
        }
      }
      const last = read.events.at(-1);
      return {
        items,
        nextCursor: read.more && last ? String(last.seq) : null,
        reset: false,
      };
    },
  );
};
