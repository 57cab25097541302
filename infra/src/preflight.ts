import { ensureNats, ensurePostgres, failureMessages } from './checks.js';
import { checkNodeVersion, loadDotEnv, readLauncherConfig } from './env.js';
import { createConsoleSink } from './log.js';
import { findRepoRoot } from './paths.js';

// Run before the test suite: fails fast, with instructions, when PostgreSQL or NATS is missing.

const say = (line: string): void => createConsoleSink()('outloud', line);

async function main(): Promise<number> {
  try {
    checkNodeVersion();
    loadDotEnv(findRepoRoot());
    const config = readLauncherConfig(process.env);
    const results = await Promise.allSettled([
      ensurePostgres(config.databaseUrl),
      ensureNats(config.natsUrl),
    ]);
    const problems = failureMessages(results);
    for (const problem of problems) say(problem);
    if (problems.length === 0) say('PostgreSQL and NATS (with JetStream) are reachable.');
    return problems.length === 0 ? 0 : 1;
  } catch (err) {
    say(err instanceof Error ? err.message : String(err));
    return 1;
  }
}

void main().then((code) => process.exit(code));
