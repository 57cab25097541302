import { connectNats, drainNats, rpcClient } from '@outloud/bus';
import { FeedRpc, names as makeNames } from '@outloud/contracts';
import { createDb, migrateToLatest } from '@outloud/db';
import { Meilisearch } from 'meilisearch';
import { searchMigrations } from '../app.js';
import { loadConfig } from '../config.js';
import type { SearchDB } from '../db.js';
import { reindex, type ReindexPhase } from './reindex.js';

/** `pnpm --filter @outloud/search reindex`: rebuilds the search projection and indexes from the feed. */
const config = loadConfig(process.env);
const db = createDb<SearchDB>({
  url: config.DATABASE_URL,
  max: 4,
  applicationName: 'search-reindex',
});
await migrateToLatest(db as never, searchMigrations);
const nc = await connectNats({ url: config.NATS_URL, name: 'search-reindex' });
const names = makeNames(config.OUTLOUD_PREFIX);
const labels: Record<ReindexPhase, string> = {
  projection: 'Reading the feed',
  posts: 'Indexing posts',
  people: 'Indexing people',
  swap: 'Swapping in',
};

function bar(phase: ReindexPhase, done: number, total: number | undefined): void {
  const width = 30;
  const filled = total ? Math.round((done / Math.max(total, 1)) * width) : 0;
  const figures = total === undefined ? `${done}` : `${done}/${total}`;
  process.stdout.write(
    `\r${labels[phase].padEnd(18)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${figures}   `,
  );
  if (total !== undefined && done >= total) process.stdout.write('\n');
}

try {
  const started = Date.now();
  const result = await reindex({
    db,
    meili: new Meilisearch({
      host: config.MEILI_URL,
      apiKey: config.MEILI_KEY,
      requestInit: { headers: { 'accept-encoding': 'identity' } },
    }),
    names,
    feed: rpcClient({ nc, names, service: 'feed', schemas: FeedRpc, timeoutMs: 30_000 }),
    onProgress: bar,
  });
  console.log(
    `\nRebuilt ${result.posts} posts and ${result.people} people in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
  );
} finally {
  await drainNats(nc);
  await db.destroy();
}
