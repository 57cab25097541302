import {
  ensureEventStream,
  serveRpc,
  startDurableConsumer,
  startOutboxRelay,
  type BusLogger,
  type DurableConsumer,
  type NatsConnection,
  type OutboxRelay,
  type RpcService,
} from '@outloud/bus';
import { FeedRpc, type Names } from '@outloud/contracts';
import type { Kysely } from 'kysely';
import { channelHandlers } from './channels/channels.handlers.js';
import { channelListHandlers } from './channels/channel-lists.handlers.js';
import type { FeedDB } from './db.js';
import { postHandlers } from './posts/posts.handlers.js';
import { revisionHandlers } from './posts/revisions.handlers.js';
import { threadHandlers } from './posts/thread.handlers.js';
import { answerHandlers } from './answers/answers.handlers.js';
import { bookmarkHandlers } from './bookmarks/bookmarks.handlers.js';
import { followHandlers } from './follows/follows.handlers.js';
import { voteHandlers } from './votes/votes.handlers.js';
import { exportHandlers } from './export/export.handlers.js';
import { recordsHandlers } from './export/records.handlers.js';
import { uploadHandlers } from './uploads/uploads.handlers.js';
import { applyUserChanged, identityEventSchemas } from './authors/identity-events.js';
import { moderationHandlers } from './moderation/moderation.handlers.js';
import { knowledgeHandlers } from './knowledge/knowledge.handlers.js';
import { answerRevisionHandlers } from './answers/answer-revisions.handlers.js';
import { startReviewSweep, sweepAllDueReviews } from './knowledge/review-sweep.js';
import { importHandlers } from './imports/imports.handlers.js';

import { FEED_SCHEMA } from './events.js';

export { FEED_SCHEMA };
export const feedMigrations = {
  schema: FEED_SCHEMA,
  folder: new URL('../migrations', import.meta.url),
};

export interface FeedDeps {
  db: Kysely<FeedDB>;
  databaseUrl: string;
  nc: NatsConnection;
  names: Names;
  logger: BusLogger;
  clock?: () => Date;
  /** How often due reviews are announced (default 300 s; tests call `sweepReviews` instead). */
  reviewSweepSeconds?: number;
  /** Open flags from this many different people hide content until reviewed (default 3). */
  flagHideThreshold?: number;
}

export interface FeedService extends AsyncDisposable {
  /** Publishes pending outbox events now (tests use it to avoid waiting for the poll). */
  flushOutbox(): Promise<number>;
  /** Announces due reviews as of `now` (default: the clock); resolves with how many. */
  sweepReviews(now?: Date): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Starts the feed service on an open database and NATS connection: RPC endpoints, the outbox
 * relay, and a consumer of identity events that keeps authors' names and pictures current.
 */
export async function startFeed(deps: FeedDeps): Promise<FeedService> {
  const ctx = {
    db: deps.db,
    names: deps.names,
    clock: deps.clock ?? (() => new Date()),
    logger: deps.logger,
    flagHideThreshold: deps.flagHideThreshold,
  };
  await ensureEventStream(deps.nc, deps.names);
  const service: RpcService = await serveRpc({
    nc: deps.nc,
    names: deps.names,
    service: 'feed',
    schemas: FeedRpc,
    logger: deps.logger,
    handlers: {
      ...channelHandlers(ctx),
      ...channelListHandlers(ctx),
      ...postHandlers(ctx),
      ...threadHandlers(ctx),
      ...revisionHandlers(ctx),
      ...answerHandlers(ctx),
      ...voteHandlers(ctx),
      ...bookmarkHandlers(ctx),
      ...followHandlers(ctx),
      ...exportHandlers(ctx),
      ...recordsHandlers(ctx),
      ...uploadHandlers(ctx),
      ...moderationHandlers(ctx),
      ...knowledgeHandlers(ctx),
      ...answerRevisionHandlers(ctx),
      ...importHandlers(ctx),
    },
  });
  const relay: OutboxRelay = startOutboxRelay({
    db: deps.db as Kysely<unknown>,
    schema: FEED_SCHEMA,
    nc: deps.nc,
    names: deps.names,
    logger: deps.logger,
  });
  const people: DurableConsumer = await startDurableConsumer({
    nc: deps.nc,
    names: deps.names,
    service: 'feed-identity',
    filterSubject: deps.names.events('identity'),
    schemas: identityEventSchemas,
    handle: async (event) => applyUserChanged(deps.db, event, ctx.clock()),
    logger: deps.logger,
  });
  const reviewSweep = startReviewSweep(ctx, deps.reviewSweepSeconds ?? 300);
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await service.stop();
      await reviewSweep.stop();
      await people.stop();
      await relay.stop();
    })());
  return {
    flushOutbox: () => relay.flush(),
    sweepReviews: (now) => sweepAllDueReviews(now ? { ...ctx, clock: () => now } : ctx),
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
