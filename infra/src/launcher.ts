import { join } from 'node:path';
import { ensureNats, ensurePortFree, ensurePostgres, failureMessages } from './checks.js';
import {
  checkNodeVersion,
  ConfigError,
  loadDotEnv,
  readLauncherConfig,
  type LauncherConfig,
} from './env.js';
import { createConsoleSink } from './log.js';
import { findRepoRoot } from './paths.js';
import { describeExit } from './processes.js';
import { setupLinkMessage } from './setup-link.js';
import { OWN_RUNTIME } from './services.js';
import { startStack, type StackFailure } from './stack.js';

// `pnpm launch`: checks the machine, then runs the whole stack in the foreground until Ctrl-C.

const sink = createConsoleSink();
const say = (line: string): void => sink('outloud', line);

async function main(): Promise<number> {
  const root = findRepoRoot();
  let config: LauncherConfig;
  try {
    checkNodeVersion();
    if (loadDotEnv(root)) say('Read settings from .env.');
    config = readLauncherConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      say(err.message);
      return 1;
    }
    throw err;
  }

  const abort = new AbortController();
  const stopped = new Promise<'signal'>((resolve) => {
    const onSignal = (name: NodeJS.Signals): void => {
      if (abort.signal.aborted) {
        say(`${name} again: killing everything now.`);
        // The 'exit' handlers SIGKILL every child that is still running.
        process.exit(1);
      }
      say(`${name} received, shutting down…`);
      abort.abort();
      resolve('signal');
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });

  say('Checking PostgreSQL, NATS and the HTTP port…');
  const checks = await Promise.allSettled([
    ensurePostgres(config.databaseUrl),
    ensureNats(config.natsUrl),
    ensurePortFree(config.port),
  ]);
  const problems = failureMessages(checks);
  if (problems.length > 0) {
    for (const problem of problems) say(problem);
    return 1;
  }
  if (checks[0].status === 'fulfilled' && checks[0].value) {
    say(`Created database ${new URL(config.databaseUrl).pathname.slice(1)}.`);
  }
  if (config.meili) say(`Using Meilisearch at ${config.meili.url}.`);

  let stack;
  try {
    stack = await startStack({
      databaseUrl: config.databaseUrl,
      natsUrl: config.natsUrl,
      meili: config.meili,
      meiliDataDir: join(root, '.data', 'meili'),
      root,
      port: config.port,
      prefix: config.prefix,
      logLevel: config.logLevel,
      createDatabase: false,
      runtime: OWN_RUNTIME,
      detached: true,
      // A crashed service is restarted with back-off; only a crash loop stops the stack.
      supervise: true,
      sink,
      signal: abort.signal,
    });
  } catch (err) {
    if (abort.signal.aborted) {
      say('Stopped.');
      return 0;
    }
    say(`Could not start Outloud: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }

  say(`Outloud is running at http://localhost:${stack.port}  (Ctrl-C to stop)`);
  if (stack.setupLink && stack.setupToken) {
    for (const line of setupLinkMessage({ link: stack.setupLink, token: stack.setupToken }))
      say(line);
  }
  const outcome: StackFailure | 'signal' = await Promise.race([stack.failed, stopped]);
  if (outcome !== 'signal' && !abort.signal.aborted) {
    const loop = outcome.crashLoop;
    say(
      loop
        ? `${outcome.name} keeps crashing (${loop.crashes} times within ${loop.windowMs / 1000} s, ` +
            `last ${describeExit(outcome.exit)}); stopping Outloud. Fix the cause shown above and run it again.`
        : `${outcome.name} stopped unexpectedly (${describeExit(outcome.exit)}); shutting down.`,
    );
    await stack.stop();
    return 1;
  }
  await stack.stop();
  say('Stopped.');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    say(`Launcher failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  },
);
