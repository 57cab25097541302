import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';

export interface MigrateOptions {
  /** The Postgres schema the service owns; its migration bookkeeping lives there too. */
  schema: string;
  /** Folder of numbered migration files (`<timestamp>-<name>.ts`), as a path or file URL. */
  folder: string | URL;
}

/** Runs a service's pending migrations inside its own schema; returns the names applied. */
export async function migrateToLatest(
  db: Kysely<unknown>,
  options: MigrateOptions,
): Promise<string[]> {
  const folder = options.folder instanceof URL ? fileURLToPath(options.folder) : options.folder;
  await sql`create schema if not exists ${sql.id(options.schema)}`.execute(db);
  const migrator = new Migrator({
    db,
    provider: folderProvider(folder),
    migrationTableSchema: options.schema,
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(
      `migration ${failed?.migrationName ?? '(unknown)'} of schema ${options.schema} failed`,
      {
        cause: error,
      },
    );
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

const MIGRATION_FILE = /^\d+-[\w-]+\.(ts|js|mts|mjs)$/;

/**
 * Loads `<timestamp>-<name>.ts|js` files from a folder. Unlike Kysely's file provider, the import
 * happens in this module, so test runners and `tsx` that transform TypeScript apply to it.
 */
function folderProvider(folder: string): MigrationProvider {
  return {
    async getMigrations() {
      const migrations: Record<string, Migration> = {};
      for (const file of (await fs.readdir(folder)).sort()) {
        if (!MIGRATION_FILE.test(file) || file.endsWith('.d.ts')) continue;
        const loaded = (await import(pathToFileURL(path.join(folder, file)).href)) as Migration;
        migrations[file.replace(/\.[^.]+$/, '')] = loaded;
      }
      return migrations;
    },
  };
}
