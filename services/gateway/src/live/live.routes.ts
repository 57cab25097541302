import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { readEventsAfter, type NatsConnection } from '@outloud/bus';
import {
  MissedLiveEvents,
  MissedLiveEventsQuery,
  SocketRooms,
  type Names,
} from '@outloud/contracts';
import type { GatewayConfig } from '../config.js';
import type { AuthorBadges } from '../learning/badges.js';
import { errorResponses, signedIn, Tags } from '../core/openapi.js';
import { catchUpRateLimit } from '../core/rate-limit.js';
import { actorOf, requireActor } from '../identity/auth.hooks.js';
import type { VisibleChannels } from '../services/visible-channels.js';
import type { Emission } from './feed-emissions.js';
import { badgeEmissionGroups } from './live-badges.js';
import { asFeedEvent } from './live.js';
import { LaterChanges, replayedEmissions } from './replay-rules.js';

export interface LiveRoutesOptions {
  nc: NatsConnection;
  names: Names;
  visibleChannels: VisibleChannels;
  config: GatewayConfig;
  /** Author badges for replayed posts and answers (as live pushes carry them). */
  badges?: AuthorBadges;
}

const DEFAULT_LIMIT = 200;
/** A page holds at most this many bytes of items (always at least one event's). */
export const CATCH_UP_PAGE_BYTES = 256 * 1024;
/**
 * Stored events read for one page at most: events hold whole posts, items only excerpts, so a
 * page reads more than it returns, but never without bound.
 */
const READ_BYTES = 4 * 1024 * 1024;
/** Deletions and edits looked up past a page; more than this answers `reset`. */
const MAX_LATER_CHANGES = 5_000;
/**
 * Replay covers a dropped connection, not history: older positions answer `reset` (reload), so
 * the stream cannot be mined for posts since deleted or edited.
 */
const MAX_REPLAY_AGE_MS = 15 * 60 * 1000;

/**
 * `GET /live/events?since=<cursor>`: the socket events a client missed while disconnected, in
 * order, exactly as they would have arrived, limited to the channels the actor may see (and to
 * one channel or post when asked). Read from the event stream itself, so every gateway answers
 * the same. Never replays text the current state no longer has: a post or answer deleted since
 * appears only as its deletion (or not at all), a version edited since not at all (a creation
 * without its text), a channel that turned private only to its members, hidden content only to
 * its author and moderators (everyone else replays its removal, as sockets got it).
 * Pages are capped in items and bytes; bodies are excerpts.
 */
export const liveRoutes: FastifyPluginAsyncTypebox<LiveRoutesOptions> = async (
  app,
  { nc, names, visibleChannels, config, badges },
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
          'null. `reset: true` means the events are no longer kept: reload the data instead. ' +
          'A page holds at most `limit` events and about 256 KB; long bodies are excerpts ' +
          '(`truncated: true`).',
        security: signedIn,
        querystring: MissedLiveEventsQuery,
        response: { 200: MissedLiveEvents, ...errorResponses(400, 401, 429, 503) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const { since, channelId, postId } = request.query;
      const limit = request.query.limit ?? DEFAULT_LIMIT;
      const feedFilter = names.events('feed');
      const [visible, read] = await Promise.all([
        visibleChannels.of(actor),
        readEventsAfter({
          nc,
          names,
          filterSubject: feedFilter,
          afterSeq: Number(since),
          max: limit,
          maxBytes: READ_BYTES,
          maxAgeMs: MAX_REPLAY_AGE_MS,
        }),
      ]);
      if (read.gap) return { items: [], nextCursor: null, reset: true };
      const allowed = new Set(visible);
      const feedEvents = read.events.flatMap(({ seq, event }) => {
        const feedEvent = asFeedEvent(event);
        return feedEvent ? [{ seq, event: feedEvent }] : [];
      });
      const later = new LaterChanges();
      for (const { seq, event } of feedEvents) later.note(seq, event);
      const last = read.events.at(-1);
      if (read.more && last) {
        // Deletions and edits after this page count too: its text must not outlive them.
        for (const kind of ['deleted', 'updated'] as const) {
          const after = await readEventsAfter({
            nc,
            names,
            filterSubject: names.subject(`evt.feed.*.${kind}`),
            afterSeq: last.seq,
            max: MAX_LATER_CHANGES,
            maxBytes: READ_BYTES,
          });
          if (after.more) return { items: [], nextCursor: null, reset: true };
          for (const { seq, event } of after.events) {
            const feedEvent = asFeedEvent(event);
            if (feedEvent) later.note(seq, feedEvent);
          }
        }
      }

      // What each event replays for this reader, then their authors' badges in one lookup.
      const shown = feedEvents.map(({ seq, event: feedEvent }) =>
        replayedEmissions({
          reader: actor,
          visibleChannels: allowed,
          later,
          seq,
          event: feedEvent,
        }).filter(
          (emission) =>
            (!channelId || emission.rooms.includes(SocketRooms.channel(channelId))) &&
            (!postId || emission.postId === postId),
        ),
      );
      let perEvent: Emission[][] = shown;
      if (badges) {
        try {
          perEvent = await badgeEmissionGroups(badges, shown);
        } catch (err) {
          request.log.warn({ err }, 'replayed posts without badges: lookup failed');
        }
      }

      const items = [];
      let bytes = 0;
      let nextCursor = read.more && last ? String(last.seq) : null;
      let previousSeq: number | undefined;
      for (const [index, { seq }] of feedEvents.entries()) {
        const eventItems = [];
        let eventBytes = 0;
        for (const emission of perEvent[index] ?? []) {
          const cursor = String(seq);
          const item = { cursor, event: emission.event, data: { ...emission.payload, cursor } };
          eventBytes += Buffer.byteLength(JSON.stringify(item));
          eventItems.push(item);
        }
        if (
          items.length > 0 &&
          previousSeq !== undefined &&
          bytes + eventBytes > CATCH_UP_PAGE_BYTES
        ) {
          nextCursor = String(previousSeq);
          break;
        }
        items.push(...eventItems);
        bytes += eventBytes;
        previousSeq = seq;
      }
      return { items, nextCursor, reset: false };
    },
  );
};
