import { createDb, ensureDatabase, migrateToLatest, redactUrl } from '@outloud/db';
import { notifyMigrations } from './app.js';
import { loadConfig } from './config.js';

/** Creates the database if needed and migrates the notify schema, then exits. */
const config = loadConfig(process.env);
await ensureDatabase(config.DATABASE_URL);
const db = createDb<unknown>({
  url: config.DATABASE_URL,
  max: 1,
  applicationName: 'notification-migrate',
});
try {
  const applied = await migrateToLatest(db, notifyMigrations);
  console.log(
    `notification: ${applied.length ? `applied ${applied.join(', ')}` : 'schema up to date'} (${redactUrl(config.DATABASE_URL)})`,
  );
} finally {
  await db.destroy();
}
