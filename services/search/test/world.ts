import { randomUUID } from 'node:crypto';
import {
  connectNats,
  createEnvelope,
  deleteEventStream,
  drainNats,
  publishEvent,
  rpcClient,
  type NatsConnection,
} from '@outloud/bus';
import {
  FeedEvents,
  names as makeNames,
  SearchRpc,
  type Actor,
  type Answer,
  type AuthorRef,
  type FeedEventData,
  type FeedEventType,
  type Names,
  type Post,
  type Visibility,
} from '@outloud/contracts';
import { createDb } from '@outloud/db';
import {
  createTestDatabase,
  testNatsUrl,
  testPrefix,
  type MeiliEndpoint,
  type TestDatabase,
} from '@outloud/testkit';
import { sql, type Kysely } from 'kysely';
import { searchMigrations, startSearch, type SearchService } from '../src/app.js';
import type { SearchDB } from '../src/db.js';

export const silentLogger = process.env.DEBUG_SEARCH
  ? { info: console.log, warn: console.log, error: console.log }
  : { info: () => undefined, warn: () => undefined, error: () => undefined };

export function person(handle: string): AuthorRef & Actor {
  return { id: randomUUID(), handle, displayName: handle.toUpperCase(), roles: ['member'] };
}

export function makePost(author: AuthorRef, overrides: Partial<Post> = {}): Post {
  const now = new Date().toISOString();
  return {
    id: randomUUID(),
    channelId: randomUUID(),
    kind: 'tip',
    title: 'Untitled',
    body: 'text',
    bodyHtml: '<p>text</p>',
    tags: [],
    author,
    score: 0,
    answerCount: 0,
    acceptedAnswerId: null,
    createdAt: now,
    updatedAt: now,
    pinnedUntil: null,
    mentions: [],
    ...overrides,
  };
}

export function makeAnswer(post: Post, author: AuthorRef, overrides: Partial<Answer> = {}): Answer {
  return {
    id: randomUUID(),
    postId: post.id,
    body: 'answer',
    bodyHtml: '<p>answer</p>',
    author,
    score: 0,
    accepted: false,
    createdAt: post.createdAt,
    updatedAt: post.createdAt,
    mentions: [],
    ...overrides,
  };
}

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
  const database: TestDatabase = await createTestDatabase({ migrations: [searchMigrations] });
  const db = createDb<SearchDB>({ url: database.url, max: 5 });
  const nc = await connectNats({ url: testNatsUrl(), name: 'search-test' });
  const names = makeNames(testPrefix());
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
      await deleteEventStream(nc, names);
      await drainNats(nc);
      await db.destroy();
      await database.drop();
    },
  };
  return world;
}

export const state = (post: Post, visibility: Visibility = 'public', version = 1) => ({
  post,
  channel: { id: post.channelId, visibility },
  version,
});
