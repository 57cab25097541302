import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import {
  silentSink,
  startStack,
  type LogSink,
  type RunningStack,
  type ServiceRuntime,
} from '@outloud/infra';
import { startMeilisearch } from '@outloud/meili';

/** The stack a benchmark runs against, with its own Meilisearch; `stop()` removes both. */
export type BenchStack = RunningStack;

export interface BenchStackOptions {
  databaseUrl: string;
  /** Prefix of subjects, the stream and index names; made unique per run. */
  prefix: string;
  /** Drop and create the database first (benches that bulk-load data start empty). */
  freshDatabase?: boolean;
  /** Extra variables for every service; write and registration limits are raised by default. */
  env?: Readonly<Record<string, string>>;
  logLevel?: string;
  /** Where service log lines go; by default nowhere, or to stderr with `BENCH_LOGS=1`. */
  sink?: LogSink;
  /**
   * Default `compiled`, as in production (built first, see {@link buildServer}); `BENCH_RUNTIME=
   * source` runs the TypeScript through tsx instead.
   */
  runtime?: ServiceRuntime;
}

const root = fileURLToPath(new URL('../..', import.meta.url));
let built: Promise<void> | undefined;

/**
 * `pnpm build:server` once per run, so a benchmark measures the code in the checkout as production
 * runs it. `BENCH_BUILD=0` skips it (the build is known to be fresh).
 */
export function buildServer(): Promise<void> {
  if (process.env.BENCH_BUILD === '0') return Promise.resolve();
  built ??= promisify(execFile)('pnpm', ['run', '--silent', 'build:server'], {
    cwd: root,
    maxBuffer: 16 * 1024 * 1024,
  }).then(
    () => undefined,
    (error: { stdout?: string; message: string }) => {
      throw new Error(`the build failed:\n${error.stdout || error.message}`);
    },
  );
  return built;
}

function benchRuntime(options: BenchStackOptions): ServiceRuntime {
  return options.runtime ?? (process.env.BENCH_RUNTIME === 'source' ? 'source' : 'compiled');
}

/** Drops and creates the database of `databaseUrl`. */
export async function resetDatabase(databaseUrl: string): Promise<void> {
  const admin = new pg.Client({ connectionString: databaseUrl.replace(/\/[^/]+$/, '/postgres') });
  await admin.connect();
  try {
    const name = new URL(databaseUrl).pathname.slice(1);
    await admin.query(`drop database if exists ${pg.escapeIdentifier(name)} with (force)`);
    await admin.query(`create database ${pg.escapeIdentifier(name)}`);
  } finally {
    await admin.end();
  }
}

/**
 * Starts every service as a process over the machine's Postgres and NATS and a Meilisearch of the
 * run's own (in a temporary folder), as each benchmark needs. Rate limits are raised so that the
 * load generator measures the stack, not its limits.
 */
export async function startBenchStack(options: BenchStackOptions): Promise<BenchStack> {
  const runtime = benchRuntime(options);
  if (runtime === 'compiled') await buildServer();
  if (options.freshDatabase) await resetDatabase(options.databaseUrl);
  const meiliDir = await mkdtemp(path.join(os.tmpdir(), 'outloud-bench-meili-'));
  const meili = await startMeilisearch({ dataDir: meiliDir });
  const removeMeili = async () => {
    await meili.stop();
    await rm(meiliDir, { recursive: true, force: true });
  };
  let stack: RunningStack;
  try {
    stack = await startStack({
      databaseUrl: options.databaseUrl,
      natsUrl: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
      meili: { url: meili.url, key: meili.masterKey },
      prefix: `${options.prefix}${Date.now().toString(36)}`,
      logLevel: options.logLevel ?? 'warn',
      buildWeb: false,
      runtime,
      env: {
        RATE_WRITES_PER_MINUTE: '1000000',
        RATE_REGISTER_PER_HOUR: '1000000',
        NEWCOMER_HOURS: '0',
        ...options.env,
      },
      sink:
        options.sink ??
        (process.env.BENCH_LOGS
          ? (source, line) => console.error(`[${source}] ${line}`)
          : silentSink),
    });
  } catch (error) {
    await removeMeili();
    throw error;
  }
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await stack.stop();
      await removeMeili();
    })());
  return { ...stack, stop, [Symbol.asyncDispose]: stop };
}
