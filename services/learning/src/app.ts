import {
  ensureEventStream,
  oncePerEvent,
  rpcClient,
  serveRpc,
  startDurableConsumer,
  startOutboxRelay,
  type BusLogger,
  type DurableConsumer,
  type NatsConnection,
  type OutboxRelay,
  type RpcService,
} from '@outloud/bus';
import { FeedRpc, LearningRpc, type Names } from '@outloud/contracts';
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { challengeHandlers } from './challenges/challenges.handlers.js';
import { startPromptPoster, type PromptPoster } from './challenges/prompt-poster.js';
import type { LearningContext } from './context.js';
import type { LearnDB } from './db.js';
import { LEARN_SCHEMA } from './events.js';
import { goalHandlers } from './goals/goals.handlers.js';
import { insightsHandlers } from './insights/insights.handlers.js';
import { logHandlers } from './log/log.handlers.js';
import { portfolioHandlers } from './portfolio/portfolio.handlers.js';
import { applyFeedEvent, followedFeedEvents } from './projection/apply-feed-event.js';
import { recordsHandlers } from './records/records.handlers.js';

export { LEARN_SCHEMA };
export const learningMigrations = {
  schema: LEARN_SCHEMA,
  folder: new URL('../migrations', import.meta.url),
};

export interface LearningDeps {
  db: Kysely<LearnDB>;
  databaseUrl: string;
  nc: NatsConnection;
  names: Names;
  logger: BusLogger;
  clock?: () => Date;
  /** How often due challenge prompts are looked for (they are also looked for on creation). */
  promptIntervalMs?: number;
}

export interface LearningService extends AsyncDisposable {
  readonly consumer: DurableConsumer;
  /** Posts due challenge prompts now (tests call it instead of waiting for the timer). */
  postDuePrompts(): Promise<number>;
  /** Publishes pending outbox events now. */
  flushOutbox(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Starts the learning service: a durable consumer follows the feed's events (contributions
 * projection, measurable goals, challenge check-ins), RPC endpoints serve goals, the log,
 * portfolios, challenges and insights, a poster puts each challenge day's prompt in its channel,
 * and an outbox relay publishes the service's own events.
 */
export async function startLearning(deps: LearningDeps): Promise<LearningService> {
  const clock = deps.clock ?? (() => new Date());
  const ctx: LearningContext = {
    db: deps.db,
    names: deps.names,
    clock,
    newId: () => uuidv7(),
    feed: rpcClient({ nc: deps.nc, names: deps.names, service: 'feed', schemas: FeedRpc }),
  };
  await ensureEventStream(deps.nc, deps.names);
  const poster: PromptPoster = startPromptPoster(ctx, deps.logger, deps.promptIntervalMs);
  const consumer = await startDurableConsumer({
    nc: deps.nc,
    names: deps.names,
    service: 'learning',
    filterSubject: deps.names.events('feed'),
    schemas: followedFeedEvents,
    // One at a time, in stream order: learning's work per event is small, and recounts read
    // rows other events write.
    concurrency: 1,
    handle: async (event) => {
      await oncePerEvent(deps.db, LEARN_SCHEMA, event.id, (trx) =>
        applyFeedEvent(trx, deps.names, event, clock()),
      );
    },
    logger: deps.logger,
  });
  const service: RpcService = await serveRpc({
    nc: deps.nc,
    names: deps.names,
    service: 'learning',
    schemas: LearningRpc,
    logger: deps.logger,
    handlers: {
      ...goalHandlers(ctx),
      ...logHandlers(ctx),
      ...portfolioHandlers(ctx),
      ...challengeHandlers(ctx, () => poster.wake()),
      ...insightsHandlers(ctx),
      ...recordsHandlers(ctx),
    },
  });
  const relay: OutboxRelay = startOutboxRelay({
    db: deps.db as Kysely<unknown>,
    schema: LEARN_SCHEMA,
    nc: deps.nc,
    names: deps.names,
    logger: deps.logger,
  });

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await service.stop();
      await consumer.stop();
      await poster.stop();
      await relay.stop();
    })());
  return {
    consumer,
    postDuePrompts: () => poster.runOnce(),
    flushOutbox: () => relay.flush(),
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
