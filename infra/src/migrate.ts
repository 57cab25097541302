import { join } from 'node:path';
import { ensurePostgres } from './checks.js';
import { checkNodeVersion, loadDotEnv, readLauncherConfig } from './env.js';
import { createConsoleSink } from './log.js';
import { startLocalMeili } from './meili.js';
import { runMigrations } from './migrations.js';
import { findRepoRoot } from './paths.js';
import { OWN_RUNTIME } from './services.js';

// `pnpm migrate`: creates the database if missing and runs every service's migrations.

const sink = createConsoleSink();
const say = (line: string): void => sink('outloud', line);

async function main(): Promise<number> {
  try {
    checkNodeVersion();
    const root = findRepoRoot();
    if (loadDotEnv(root)) say('Read settings from .env.');
    const config = readLauncherConfig(process.env);
    if (await ensurePostgres(config.databaseUrl)) say('Created the database.');

    // A migration may set up search indexes, so it gets a Meilisearch like the services do.
    await using meili = config.meili
      ? undefined
      : await startLocalMeili(join(root, '.data', 'meili'), sink);
    await runMigrations({
      root,
      sink,
      runtime: OWN_RUNTIME,
      env: {
        ...process.env,
        DATABASE_URL: config.databaseUrl,
        NATS_URL: config.natsUrl,
        MEILI_URL: config.meili?.url ?? meili?.url ?? '',
        MEILI_KEY: config.meili?.key ?? meili?.masterKey ?? '',
        OUTLOUD_PREFIX: config.prefix,
        LOG_LEVEL: config.logLevel,
      },
    });
    say('Migrations are up to date.');
    return 0;
  } catch (err) {
    // Configuration, prerequisite and migration errors all carry a message written for people.
    say(err instanceof Error ? err.message : String(err));
    return 1;
  }
}

void main().then((code) => process.exit(code));
