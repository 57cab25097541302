import { connectNats, drainNats } from '@outloud/bus';
import { names } from '@outloud/contracts';
import { ConfigError, createLogger } from '@outloud/ops';
import { createDb, ensureDatabase } from '@outloud/db';
import { buildApp } from './app.js';
import { readGatewayConfig } from './config.js';
import { migrateGateway, type GatewayDatabase } from './db.js';

const PURGE_INTERVAL_MS = 60 * 60 * 1000;

/** Process entry: read config, connect, migrate, listen; shut down in order on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  const config = readGatewayConfig(process.env);
  const logger = createLogger('gateway', config.LOG_LEVEL);

  await ensureDatabase(config.DATABASE_URL);
  const db = createDb<GatewayDatabase>({
    url: config.DATABASE_URL,
    applicationName: 'outloud-gateway',
  });
  await migrateGateway(db);

  const nc = await connectNats({ url: config.NATS_URL, name: 'gateway', logger });
  const app = await buildApp({
    config,
    db,
    logger,
    bus: { nc, names: names(config.OUTLOUD_PREFIX) },
    readinessChecks: {
      nats: async () => {
        if (nc.isClosed()) throw new Error('closed');
        await nc.flush();
      },
    },
  });

  const purge = setInterval(() => {
    app.identity.purgeExpired().then(
      (purged) => logger.debug({ purged }, 'purged expired sessions and sign-in failures'),
      (error: unknown) => logger.warn({ err: error }, 'purge failed'),
    );
  }, PURGE_INTERVAL_MS);
  purge.unref();

  let stopping: Promise<void> | undefined;
  const stop = (signal: string) =>
    (stopping ??= (async () => {
      logger.info({ signal }, 'shutting down');
      clearInterval(purge);
      try {
        await app.close(); // stops accepting, finishes in-flight requests, runs onClose hooks
        await drainNats(nc);
        await db.destroy();
        logger.info('stopped');
        process.exit(0);
      } catch (error) {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      }
    })());
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));

  await app.listen({ host: config.HOST, port: config.PORT });
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
