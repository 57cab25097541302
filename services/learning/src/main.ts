import { connectNats, drainNats } from '@outloud/bus';
import { names } from '@outloud/contracts';
import { createDb, migrateToLatest } from '@outloud/db';
import { createLogger, createMetrics, startOpsServer } from '@outloud/ops';
import { sql } from 'kysely';
import { learningMigrations, startLearning } from './app.js';
import { loadConfig } from './config.js';
import type { LearnDB } from './db.js';

const config = loadConfig(process.env);
const logger = createLogger('learning', config.LOG_LEVEL);
const db = createDb<LearnDB>({
  url: config.DATABASE_URL,
  max: config.DB_POOL_SIZE,
  applicationName: 'learning',
});
await migrateToLatest(db as never, learningMigrations);
const nc = await connectNats({ url: config.NATS_URL, name: 'learning', logger });
const learning = await startLearning({
  db,
  databaseUrl: config.DATABASE_URL,
  nc,
  names: names(config.OUTLOUD_PREFIX),
  logger,
  promptIntervalMs: config.LEARNING_PROMPT_INTERVAL_MS,
});
const ops = await startOpsServer({
  port: config.OPS_PORT,
  host: config.OPS_HOST,
  registry: createMetrics('learning'),
  checks: {
    postgres: async () => void (await sql`select 1`.execute(db)),
    nats: async () => {
      if (nc.isClosed()) throw new Error('closed');
      await nc.flush();
    },
  },
});
logger.info({ opsPort: ops.port }, 'learning service ready');

let shuttingDown = false;
const shutdown = async (signal: string) => {
  if (shuttingDown) return;
  shuttingDown = true;
  logger.info({ signal }, 'learning service stopping');
  await ops.close();
  await learning.stop();
  await drainNats(nc);
  await db.destroy();
  process.exit(0);
};
for (const signal of ['SIGTERM', 'SIGINT'] as const)
  process.once(signal, () => void shutdown(signal));
