import { createDb, ensureDatabase, migrateToLatest, redactUrl } from '@outloud/db';
import { feedMigrations } from './app.js';
import { loadConfig } from './config.js';

/** Creates the database if needed and migrates the feed schema, then exits. */
const config = loadConfig(process.env);
await ensureDatabase(config.DATABASE_URL);
const db = createDb<unknown>({ url: config.DATABASE_URL, max: 1, applicationName: 'feed-migrate' });
try {
  const applied = await migrateToLatest(db, feedMigrations);
  console.log(
    `feed: ${applied.length ? `applied ${applied.join(', ')}` : 'schema up to date'} (${redactUrl(config.DATABASE_URL)})`,
  );
} finally {
  await db.destroy();
}
