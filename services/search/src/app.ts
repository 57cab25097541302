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
import type { IndexOperation } from './indexing/index-operations.js';
import { postsWriter } from './indexing/posts-writer.js';
import { indexedEventSchemas, postEventHandler } from './indexing/post-events.js';
import { ensurePostsIndex } from './indexing/posts-index.js';
import { searchHandlers } from './query/search.handlers.js';

export const SEARCH_SCHEMA = 'search';
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
  /** Upper bound on how long an indexed change may wait to be batched. */
  batchDelayMs?: number;
}

export interface SearchService extends AsyncDisposable {
  readonly meili: Meilisearch;
  readonly consumer: DurableConsumer;
  stop(): Promise<void>;
}

/** Starts indexing feed events into Meilisearch and answering search requests. */
export async function startSearch(deps: SearchDeps): Promise<SearchService> {
  const meili = new Meilisearch({ host: deps.meili.url, apiKey: deps.meili.key, timeout: 5_000 });
  const postsIndex = deps.names.index('posts');
  await ensurePostsIndex(meili, postsIndex);
  await ensureEventStream(deps.nc, deps.names);

  // Meilisearch tasks are asynchronous and persisted once enqueued, so a batch is "done" (and its
  // events can be acked) when Meilisearch has accepted it, not when it has finished indexing.
  const clock = deps.clock ?? (() => new Date());
  const operations = new Batcher<IndexOperation>(
    postsWriter({ db: deps.db, meili, index: postsIndex, clock }),
    {
      maxItems: 500,
      maxDelayMs: deps.batchDelayMs ?? 20,
    },
  );
  const consumer = await startDurableConsumer({
    nc: deps.nc,
    names: deps.names,
    service: 'search',
    filterSubject: deps.names.events('feed'),
    schemas: indexedEventSchemas,
    handle: postEventHandler(operations),
    logger: deps.logger,
    concurrency: 64,
    maxMessages: 256,
  });
  const service: RpcService = await serveRpc({
    nc: deps.nc,
    names: deps.names,
    service: 'search',
    schemas: SearchRpc,
    logger: deps.logger,
    handlers: searchHandlers({ meili, postsIndex }),
  });

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await service.stop();
      await consumer.stop();
      await operations.drain();
    })());
  return { meili, consumer, stop, [Symbol.asyncDispose]: stop };
}
