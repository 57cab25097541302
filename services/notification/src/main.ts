import { connectNats, drainNats } from '@outloud/bus';
import { names } from '@outloud/contracts';
import { createDb, ensureDatabase, migrateToLatest } from '@outloud/db';
import { createLogger, createMetrics, startOpsServer } from '@outloud/ops';
import { sql } from 'kysely';
import { notifyMigrations, startNotification } from './app.js';
import { loadConfig } from './config.js';
import type { NotifyDB } from './db.js';
import { createSmtpMailer } from './digest/mailer.js';

const config = loadConfig(process.env);
const logger = createLogger('notification', config.LOG_LEVEL);
await ensureDatabase(config.DATABASE_URL);
const db = createDb<NotifyDB>({
  url: config.DATABASE_URL,
  max: 10,
  applicationName: 'notification',
});
await migrateToLatest(db as never, notifyMigrations);
const nc = await connectNats({ url: config.NATS_URL, name: 'notification', logger });
const service = await startNotification({
  db,
  nc,
  names: names(config.OUTLOUD_PREFIX),
  logger,
  appUrl: config.PUBLIC_URL,
  mailer: config.SMTP_URL ? createSmtpMailer(config.SMTP_URL, config.SMTP_FROM) : undefined,
  digestHourUtc: config.DIGEST_HOUR_UTC,
  maxEventAgeMs: config.NOTIFY_MAX_EVENT_AGE_HOURS * 60 * 60 * 1000,
});
const ops = await startOpsServer({
  port: config.OPS_PORT,
  host: config.OPS_HOST,
  registry: createMetrics('notification'),
  checks: {
    postgres: async () => void (await sql`select 1`.execute(db)),
    nats: async () => {
      if (nc.isClosed()) throw new Error('closed');
      await nc.flush();
    },
  },
});
logger.info(
  { opsPort: ops.port, digests: config.SMTP_URL ? 'smtp' : 'stored only' },
  'notification service ready',
);

let shuttingDown = false;
const shutdown = async (signal: string) => {
  if (shuttingDown) return;
  shuttingDown = true;
  logger.info({ signal }, 'notification service stopping');
  await ops.close();
  await service.stop();
  await drainNats(nc);
  await db.destroy();
  process.exit(0);
};
for (const signal of ['SIGTERM', 'SIGINT'] as const)
  process.once(signal, () => void shutdown(signal));
