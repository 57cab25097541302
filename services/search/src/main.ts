import { connectNats, drainNats } from '@outloud/bus';
import { names } from '@outloud/contracts';
import { createDb, migrateToLatest } from '@outloud/db';
import { createLogger, createMetrics, startOpsServer } from '@outloud/ops';
import { sql } from 'kysely';
import { searchMigrations, startSearch } from './app.js';
import { loadConfig } from './config.js';
import type { SearchDB } from './db.js';

const config = loadConfig(process.env);
const logger = createLogger('search', config.LOG_LEVEL);
const db = createDb<SearchDB>({ url: config.DATABASE_URL, max: 10, applicationName: 'search' });
await migrateToLatest(db as never, searchMigrations);
const nc = await connectNats({ url: config.NATS_URL, name: 'search', logger });
const search = await startSearch({
  db,
  nc,
  names: names(config.OUTLOUD_PREFIX),
  meili: { url: config.MEILI_URL, key: config.MEILI_KEY },
  logger,
  batchDelayMs: config.SEARCH_BATCH_DELAY_MS,
});
const ops = await startOpsServer({
  port: config.OPS_PORT,
  host: config.OPS_HOST,
  registry: createMetrics('search'),
  checks: {
    postgres: async () => void (await sql`select 1`.execute(db)),
    nats: async () => {
      if (nc.isClosed()) throw new Error('closed');
      await nc.flush();
    },
    meilisearch: async () => void (await search.meili.health()),
  },
});
logger.info({ opsPort: ops.port }, 'search service ready');

let shuttingDown = false;
const shutdown = async (signal: string) => {
  if (shuttingDown) return;
  shuttingDown = true;
  logger.info({ signal }, 'search service stopping');
  await ops.close();
  await search.stop();
  await drainNats(nc);
  await db.destroy();
  process.exit(0);
};
for (const signal of ['SIGTERM', 'SIGINT'] as const)
  process.once(signal, () => void shutdown(signal));
