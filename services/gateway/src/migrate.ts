import { createDb, ensureDatabase, redactUrl } from '@outloud/db';
import { createLogger } from '@outloud/ops';
import { readGatewayConfig } from './config.js';
import { migrateGateway, type GatewayDatabase } from './db.js';

/** `migrate` entry: creates the database if needed and applies the gateway's migrations. */
async function main(): Promise<void> {
  const config = readGatewayConfig(process.env);
  const logger = createLogger('gateway', config.LOG_LEVEL);
  if (await ensureDatabase(config.DATABASE_URL))
    logger.info({ url: redactUrl(config.DATABASE_URL) }, 'created database');
  const db = createDb<GatewayDatabase>({
    url: config.DATABASE_URL,
    max: 1,
    applicationName: 'outloud-gateway-migrate',
  });
  try {
    const applied = await migrateGateway(db);
    logger.info(
      { applied },
      applied.length ? 'migrations applied' : 'schema identity is up to date',
    );
  } finally {
    await db.destroy();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
