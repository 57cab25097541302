import * as bus from '@outloud/bus';
import { createEnvelope, publishEvent, rpcClient, type NatsConnection } from '@outloud/bus';
import {
  FeedEvents,
  SearchRpc,
  type Actor,
  type FeedEventData,
  type FeedEventType,
  type Names,
  type Post,
  type Visibility,
} from '@outloud/contracts';
import { createServiceWorld, silentLogger, type MeiliEndpoint } from '@outloud/testkit';
import { sql, type Kysely } from 'kysely';
import { searchMigrations, startSearch, type SearchService } from '../src/app.js';
import type { SearchDB } from '../src/db.js';

export { makeAnswer, makePost, person, silentLogger } from '@outloud/testkit';

export interface SearchWorld extends AsyncDisposable {
  db: Kysely<SearchDB>;
  nc: NatsConnection;
  names: Names;
  search: SearchService;
  client: ReturnType<typeof rpcClient<typeof SearchRpc>>;
  publish<K extends FeedEventType>(type: K, data: FeedEventData<K>, actor: Actor): Promise<void>;
  /** Waits until every published event is projected and every marked document written. */
  settle(): Promise<void>;
  restart(meili?: MeiliEndpoint): Promise<void>;
}

export async function searchWorld(meili: MeiliEndpoint): Promise<SearchWorld> {
  const base = await createServiceWorld({
    migrations: [searchMigrations],
    bus,
    name: 'search-test',
  });
  const db = base.pool<SearchDB>();
  const { nc, names } = base;
  let endpoint = meili;
  let search = await startSearch({
    db,
    nc,
    names,
    meili: endpoint,
    logger: silentLogger,
    peopleIntervalMs: 0,
  });
  await search.indexesReady;
  let published = 0;
  const world: SearchWorld = {
    db,
    nc,
    names,
    get search() {
      return search;
    },
    client: rpcClient({ nc, names, service: 'search', schemas: SearchRpc }),
    async publish(type, data, actor) {
      published++;
      await publishEvent(
        nc,
        names.subject(FeedEvents[type].subject),
        createEnvelope(type, data, actor),
      );
    },
    async settle() {
      const deadline = Date.now() + 15_000;
      for (;;) {
        const queued = await sql<{ n: number }>`select (select count(*) from search.index_queue)
            + (select count(*) from search.person_marks) as n`
          .execute(db)
          .then((r) => r.rows[0]!);
        const consumed = search.consumer.stats.handled + search.consumer.stats.ignored;
        if (consumed >= published && Number(queued.n) === 0) break;
        if (Date.now() > deadline)
          throw new Error(
            `search did not settle (${consumed}/${published} events, ${queued.n} queued)`,
          );
        await search.worker.drain();
        await new Promise((r) => setTimeout(r, 20));
      }
      // Meilisearch applies enqueued tasks asynchronously; wait for them.
      const tasks = await search.meili.tasks.getTasks({
        statuses: ['enqueued', 'processing'],
        limit: 1000,
      });
      for (const task of tasks.results)
        await search.meili.tasks.waitForTask(task.uid, { timeout: 30_000 });
    },
    async restart(next) {
      await search.stop();
      endpoint = next ?? endpoint;
      // A restarted process starts its counters at zero; count from there.
      published = 0;
      search = await startSearch({
        db,
        nc,
        names,
        meili: endpoint,
        logger: silentLogger,
        peopleIntervalMs: 0,
      });
    },
    async [Symbol.asyncDispose]() {
      await search.stop();
      for (const index of ['posts', 'people'])
        await search.meili
          .deleteIndex(names.index(index))
          .waitTask()
          .catch(() => undefined);
      await base[Symbol.asyncDispose]();
    },
  };
  return world;
}

export const state = (post: Post, visibility: Visibility = 'public', version = 1) => ({
  post,
  channel: { id: post.channelId, visibility },
  version,
});
