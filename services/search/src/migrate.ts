import { createDb, ensureDatabase, migrateToLatest, redactUrl } from '@outloud/db';
import { searchMigrations } from './app.js';
import { loadConfig } from './config.js';

/** Creates the database if needed and migrates the search schema, then exits. */
const config = loadConfig({ MEILI_URL: 'http://127.0.0.1:7700', ...process.env });
await ensureDatabase(config.DATABASE_URL);
const db = createDb<unknown>({
  url: config.DATABASE_URL,
  max: 1,
  applicationName: 'search-migrate',
});
try {
  const applied = await migrateToLatest(db, searchMigrations);
  console.log(
    `search: ${applied.length ? `applied ${applied.join(', ')}` : 'schema up to date'} (${redactUrl(config.DATABASE_URL)})`,
  );
} finally {
  await db.destroy();
}
