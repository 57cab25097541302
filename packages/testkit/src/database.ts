import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDb, migrateToLatest, type MigrateOptions } from '@outloud/db';
import pg from 'pg';

export interface TestDatabase extends AsyncDisposable {
  /** Connection URL of this test file's own database. */
  readonly url: string;
  readonly name: string;
  drop(): Promise<void>;
}

const TEST_DB_PREFIX = 'outloud_test_';
const TEMPLATE_PREFIX = 'outloud_tpl_';

/** The server to create test databases on; `DATABASE_URL` may point at another server. */
export function serverUrl(database = 'postgres'): string {
  const url = new URL(
    process.env.DATABASE_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/postgres',
  );
  url.pathname = `/${database}`;
  return url.toString();
}

async function withAdminClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function fingerprint(migrations: MigrateOptions[]): Promise<string> {
  const hash = createHash('sha256');
  for (const m of migrations) {
    const folder = m.folder instanceof URL ? fileURLToPath(m.folder) : m.folder;
    hash.update(`schema:${m.schema}\n`);
    for (const file of (await fs.readdir(folder)).sort()) {
      hash.update(file);
      hash.update(await fs.readFile(path.join(folder, file)));
    }
  }
  return hash.digest('hex').slice(0, 16);
}

async function databaseExists(client: pg.Client, name: string): Promise<boolean> {
  const found = await client.query('select 1 from pg_database where datname = $1', [name]);
  return (found.rowCount ?? 0) > 0;
}

/**
 * Builds (once per set of migrations) a template database holding every given schema migrated to
 * the latest version. It is built under a temporary name and renamed when complete, under an
 * advisory lock, so parallel test files never clone a half-migrated template.
 */
async function ensureTemplate(migrations: MigrateOptions[]): Promise<string> {
  const name = `${TEMPLATE_PREFIX}${await fingerprint(migrations)}`;
  return withAdminClient(async (client) => {
    if (await databaseExists(client, name)) return name;
    await client.query('select pg_advisory_lock(hashtext($1))', [name]);
    try {
      if (await databaseExists(client, name)) return name;
      const building = `${name}_building_${randomBytes(4).toString('hex')}`;
      await client.query(`create database ${pg.escapeIdentifier(building)}`);
      const db = createDb<unknown>({ url: serverUrl(building), max: 1 });
      try {
        for (const m of migrations) await migrateToLatest(db, m);
      } finally {
        await db.destroy();
      }
      await client.query(
        `alter database ${pg.escapeIdentifier(building)} rename to ${pg.escapeIdentifier(name)}`,
      );
      return name;
    } finally {
      await client.query('select pg_advisory_unlock(hashtext($1))', [name]);
    }
  });
}

/** A fresh database for one test file, cloned from a migrated template and dropped afterwards. */
export async function createTestDatabase(options: {
  migrations: MigrateOptions[];
}): Promise<TestDatabase> {
  const template = await ensureTemplate(options.migrations);
  const name = `${TEST_DB_PREFIX}${Math.floor(Date.now() / 1000)}_${randomBytes(4).toString('hex')}`;
  await withAdminClient(async (client) => {
    // Cloning fails while another session is briefly connected to the template; retry a little.
    for (let attempt = 0; ; attempt++) {
      try {
        await client.query(
          `create database ${pg.escapeIdentifier(name)} template ${pg.escapeIdentifier(template)}`,
        );
        return;
      } catch (error) {
        if ((error as { code?: string }).code !== '55006' || attempt >= 20) throw error;
        await new Promise((r) => setTimeout(r, 100 + attempt * 50));
      }
    }
  });
  let dropped: Promise<void> | undefined;
  const drop = () =>
    (dropped ??= withAdminClient(async (client) => {
      await client.query(`drop database if exists ${pg.escapeIdentifier(name)} with (force)`);
    }));
  return { url: serverUrl(name), name, drop, [Symbol.asyncDispose]: drop };
}

/** Drops test databases left behind by crashed runs (older than `maxAgeSeconds`). */
export async function dropStaleTestDatabases(maxAgeSeconds = 3600): Promise<number> {
  return withAdminClient(async (client) => {
    const rows = await client.query<{ datname: string }>(
      'select datname from pg_database where datname like $1',
      [`${TEST_DB_PREFIX}%`],
    );
    const now = Date.now() / 1000;
    let dropped = 0;
    for (const { datname } of rows.rows) {
      const created = Number(datname.slice(TEST_DB_PREFIX.length).split('_')[0]);
      if (Number.isFinite(created) && now - created > maxAgeSeconds) {
        await client.query(`drop database if exists ${pg.escapeIdentifier(datname)} with (force)`);
        dropped++;
      }
    }
    // Templates whose build crashed half-way (complete ones are renamed, so these are never used).
    const broken = await client.query<{ datname: string }>(
      'select datname from pg_database where datname like $1',
      [`${TEMPLATE_PREFIX}%_building_%`],
    );
    for (const { datname } of broken.rows) {
      // A run building that template right now holds its lock: leave its database alone.
      const template = datname.replace(/_building_.*$/, '');
      const free = await client.query<{ locked: boolean }>(
        'select pg_try_advisory_lock(hashtext($1)) as locked',
        [template],
      );
      if (!free.rows[0]?.locked) continue;
      try {
        await client.query(`drop database if exists ${pg.escapeIdentifier(datname)} with (force)`);
        dropped++;
      } finally {
        await client.query('select pg_advisory_unlock(hashtext($1))', [template]);
      }
    }
    return dropped;
  });
}
