import {
  ensureEventStream,
  serveRpc,
  startDurableConsumer,
  type BusLogger,
  type DurableConsumer,
  type NatsConnection,
  type RpcService,
} from '@outloud/bus';
import { SearchRpc, type Names } from '@outloud/contracts';
import type { Kysely } from 'kysely';
import { Meilisearch } from 'meilisearch';
import type { SearchDB } from './db.js';
import { Batcher } from './indexing/batcher.js';
import { startIndexWorker, type IndexWorker } from './indexing/index-worker.js';
import {
  ensureIndex,
  PEOPLE_INDEX_SETTINGS,
  POSTS_INDEX_SETTINGS,
} from './indexing/posts-index.js';
import {
  applyEvents,
  projectedEventSchemas,
  type ProjectedEvent,
} from './projection/apply-event.js';
import { applyUserChanged, identityEventSchemas } from './projection/identity-events.js';
import { createMeiliSearcher } from './query/meili-search.js';
import { createPeopleCache } from './query/people-cache.js';
import { searchHandlers } from './query/search.handlers.js';
import { warmTextSegmenters } from './query/warm-up.js';

export const SEARCH_SCHEMA = 'search';
/** Feed events applied in one projection transaction at most. */
const PROJECTION_BATCH = 100;
/** Longest an event arriving at an idle projection waits for others to share its transaction. */
const PROJECTION_DELAY_MS = 2;
export const searchMigrations = {
  schema: SEARCH_SCHEMA,
  folder: new URL('../migrations', import.meta.url),
};

export interface SearchDeps {
  db: Kysely<SearchDB>;
  nc: NatsConnection;
  names: Names;
  meili: { url: string; key?: string };
  logger: BusLogger;
  clock?: () => Date;
  /** Upper bound on how long a change waits to be batched into the index. */
  batchDelayMs?: number;
  /** How often people documents are rewritten (default 30 s). */
  peopleIntervalMs?: number;
}

export interface SearchService extends AsyncDisposable {
  readonly meili: Meilisearch;
  readonly consumer: DurableConsumer;
  /** Follows identity events: people's current names and pictures. */
  readonly peopleConsumer: DurableConsumer;
  readonly worker: IndexWorker;
  /** Resolves once both indexes exist with their settings (retried while Meilisearch is down). */
  readonly indexesReady: Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts the search service: a durable consumer keeps the projection (Postgres) in step with the
 * feed's events, in order; a worker writes the documents it marks to Meilisearch; RPC endpoints
 * answer search, similar questions, experts and profile figures. Meilisearch being down delays
 * indexing and fails text search with 503, and nothing else.
 */
export async function startSearch(deps: SearchDeps): Promise<SearchService> {
  const clock = deps.clock ?? (() => new Date());
  const meili = new Meilisearch({
    host: deps.meili.url,
    apiKey: deps.meili.key,
    timeout: 5_000,
    // Meilisearch sits next to this service: compressing its answers costs both sides CPU for
    // no gain on a local link.
    requestInit: { headers: { 'accept-encoding': 'identity' } },
  });
  const postsIndex = deps.names.index('posts');
  const peopleIndex = deps.names.index('people');
  let stopped = false;

  const indexesReady = (async () => {
    for (let attempt = 0; !stopped; attempt++) {
      try {
        await ensureIndex(meili, postsIndex, POSTS_INDEX_SETTINGS);
        await ensureIndex(meili, peopleIndex, PEOPLE_INDEX_SETTINGS);
        await warmTextSegmenters(meili, postsIndex, (err) =>
          deps.logger.warn({ err }, 'could not warm up the text segmenters'),
        );
        return;
      } catch (error) {
        if (attempt === 0)
          deps.logger.warn({ err: error }, 'Meilisearch unavailable; retrying index setup');
        await new Promise((r) => setTimeout(r, Math.min(500 * 2 ** attempt, 10_000)));
      }
    }
  })();

  await ensureEventStream(deps.nc, deps.names);
  const people = createPeopleCache({
    bus: { nc: deps.nc, subject: deps.names.events('identity') },
    onError: (err) => deps.logger.warn({ err }, 'people cache lost its identity events'),
  });
  const worker = startIndexWorker({
    db: deps.db,
    meili,
    postsIndex: () => postsIndex,
    peopleIndex: () => peopleIndex,
    logger: deps.logger,
    clock,
    batchDelayMs: deps.batchDelayMs,
    peopleIntervalMs: deps.peopleIntervalMs,
  });
  // Feed events are applied in batches, one transaction each: the consumer hands events over in
  // stream order and batches commit one after another, so the events of one post keep their
  // order (in a batch and across batches) without an ordering key, and a burst of votes on one
  // post shares a transaction instead of waiting one commit per vote.
  const project = (events: ProjectedEvent[]) =>
    deps.db.transaction().execute((trx) => applyEvents(trx, events, clock()));
  const projection = new Batcher<ProjectedEvent>(
    async (events) => {
      await project(events);
      worker.wake();
    },
    {
      maxItems: PROJECTION_BATCH,
      maxDelayMs: PROJECTION_DELAY_MS,
      flushOne: async (event) => {
        await project([event]);
        worker.wake();
      },
    },
  );
  const consumer = await startDurableConsumer({
    nc: deps.nc,
    names: deps.names,
    service: 'search',
    filterSubject: deps.names.events('feed'),
    schemas: projectedEventSchemas,
    // Enough messages in hand to fill a batch while the previous one commits; each is acked
    // only once its batch committed.
    concurrency: PROJECTION_BATCH * 2,
    maxMessages: PROJECTION_BATCH * 3,
    handle: (event) => projection.add(event),
    logger: deps.logger,
  });
  const peopleConsumer = await startDurableConsumer({
    nc: deps.nc,
    names: deps.names,
    service: 'search-identity',
    filterSubject: deps.names.events('identity'),
    schemas: identityEventSchemas,
    handle: async (event) => {
      await deps.db.transaction().execute((trx) => applyUserChanged(trx, event));
      people.forget(event.data.id);
      worker.wake();
    },
    logger: deps.logger,
  });
  const service: RpcService = await serveRpc({
    nc: deps.nc,
    names: deps.names,
    service: 'search',
    schemas: SearchRpc,
    logger: deps.logger,
    handlers: searchHandlers({
      db: deps.db,
      meili,
      searcher: createMeiliSearcher({ url: deps.meili.url, key: deps.meili.key }),
      people,
      postsIndex: () => postsIndex,
      clock,
    }),
  });

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      stopped = true;
      await service.stop();
      await consumer.stop();
      await projection.drain();
      await peopleConsumer.stop();
      await worker.stop();
      people.stop();
    })());
  return {
    meili,
    consumer,
    peopleConsumer,
    worker,
    indexesReady,
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
