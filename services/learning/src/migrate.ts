import { createDb, ensureDatabase, migrateToLatest, redactUrl } from '@outloud/db';
import { learningMigrations } from './app.js';
import { loadConfig } from './config.js';

/** Creates the database if needed and migrates the learn schema, then exits. */
const config = loadConfig(process.env);
await ensureDatabase(config.DATABASE_URL);
const db = createDb<unknown>({
  url: config.DATABASE_URL,
  max: 1,
  applicationName: 'learning-migrate',
});
try {
  const applied = await migrateToLatest(db, learningMigrations);
  console.log(
    `learning: ${applied.length ? `applied ${applied.join(', ')}` : 'schema up to date'} (${redactUrl(config.DATABASE_URL)})`,
  );
} finally {
  await db.destroy();
}
