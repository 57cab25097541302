import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createDb } from '@outloud/db';
import { readConfig, type Logger } from '@outloud/ops';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import {
  baseSettings,
  runService,
  type ServiceContext,
  type ServiceDefinition,
  type Stoppable,
} from '../src/index.js';
import { capturingLogger, fakeHost, freshDatabase, serviceEnv } from './world.js';

const migrations = {
  schema: 'kit_test',
  folder: new URL('./fixtures/migrations', import.meta.url),
};
const loadConfig = (source: Record<string, string | undefined>) =>
  readConfig(baseSettings(0), source);
type Config = ReturnType<typeof loadConfig>;
type Context = ServiceContext<Config, unknown>;

/** Runs the fixture service on `fake`'s process; `start` is what the service does. */
const runFixture = (
  fake: ReturnType<typeof fakeHost>,
  logger: Logger,
  start: (context: Context) => Promise<Stoppable>,
  checks?: ServiceDefinition<Config, unknown, Stoppable>['checks'],
) =>
  runService(
    { name: 'fixture', loadConfig, migrations, start, checks },
    { host: fake.host, logger },
  );

describe('runService', () => {
  it('names every bad variable in one message and exits 1 without a stack trace', async () => {
    const fake = fakeHost({ DB_POOL_SIZE: 'lots', OPS_PORT: '99999', LOG_LEVEL: 'loud' });
    const started: unknown[] = [];
    const running = await runService(
      { name: 'fixture', loadConfig, migrations, start: (c) => (started.push(c), never()) },
      { host: fake.host },
    );
    expect(running).toBeUndefined();
    expect(fake.exits).toEqual([1]);
    expect(fake.errors).toHaveLength(1);
    const message = fake.errors[0] ?? '';
    for (const name of ['DB_POOL_SIZE', 'OPS_PORT', 'LOG_LEVEL']) expect(message).toContain(name);
    expect(message).not.toMatch(/\n\s+at /);
    expect(started).toEqual([]);
  });

  it('creates the database, migrates, starts, reports ready and stops in order on SIGTERM', async () => {
    await using database = freshDatabase();
    const fake = fakeHost({ ...serviceEnv(database.url), DB_POOL_SIZE: '3' });
    const { logger, lines } = capturingLogger();
    const events: string[] = [];
    let context: Context | undefined;
    const running = await runFixture(
      fake,
      logger,
      (ctx) => {
        context = ctx;
        return Promise.resolve({ stop: () => Promise.resolve(void events.push('service')) });
      },
      () => ({ extra: () => Promise.reject(new Error('not yet')) }),
    );
    expect(running?.opsPort).toBeGreaterThan(0);
    const readyz = await fetch(`http://127.0.0.1:${running?.opsPort}/readyz`);
    expect(readyz.status).toBe(503);
    expect(await readyz.json()).toEqual({ status: 'unavailable', failing: ['extra'] });
    const admin = createDb<unknown>({ url: database.url });
    const tables = await sql<{ n: number }>`select count(*) as n from information_schema.tables
      where table_schema = 'kit_test' and table_name = 'things'`.execute(admin);
    await admin.destroy();
    expect(tables.rows[0]?.n).toBe(1);
    expect(lines.some((l) => l.msg === 'fixture ready')).toBe(true);

    fake.signal('SIGTERM');
    fake.signal('SIGINT');
    expect(await fake.firstExit).toBe(0);
    expect(fake.exits).toEqual([0]);
    expect(events).toEqual(['service']);
    expect(context?.nc.isClosed()).toBe(true);
    await expect(fetch(`http://127.0.0.1:${running?.opsPort}/healthz`)).rejects.toThrow();
    await expect(sql`select 1`.execute(context!.db)).rejects.toThrow();
  });

  it('runs the later steps when one fails to stop, and exits 1', async () => {
    await using database = freshDatabase();
    const fake = fakeHost(serviceEnv(database.url));
    const { logger, lines } = capturingLogger();
    let context: Context | undefined;
    await runFixture(fake, logger, (ctx) => {
      context = ctx;
      return Promise.resolve({ stop: () => Promise.reject(new Error('stuck consumer')) });
    });
    fake.signal('SIGTERM');
    expect(await fake.firstExit).toBe(1);
    expect(context?.nc.isClosed()).toBe(true);
    expect(lines.some((l) => l.step === 'service' && l.msg === 'could not stop service')).toBe(
      true,
    );
  });

  it('exits 1 with the reason when the start throws, closing what it had opened', async () => {
    await using database = freshDatabase();
    const fake = fakeHost(serviceEnv(database.url));
    const { logger, lines } = capturingLogger();
    let context: Context | undefined;
    const running = await runFixture(fake, logger, (ctx) => {
      context = ctx;
      return Promise.reject(new Error('no stream'));
    });
    expect(running).toBeUndefined();
    expect(fake.exits).toEqual([1]);
    expect(lines.some((l) => l.msg === 'fixture could not start: no stream')).toBe(true);
    expect(context?.nc.isClosed()).toBe(true);
  });

  it('logs an unhandled rejection with the service name and exits 1', async () => {
    await using database = freshDatabase();
    const fake = fakeHost(serviceEnv(database.url));
    const { logger, lines } = capturingLogger();
    const running = await runFixture(fake, logger, () =>
      Promise.resolve({ stop: () => Promise.resolve() }),
    );
    fake.crash(new Error('lost a promise'));
    expect(fake.exits).toEqual([1]);
    expect(
      lines.some((l) => l.msg === 'fixture crashed (unhandledRejection): lost a promise'),
    ).toBe(true);
    await running?.stop('test over');
  });
});

describe('a service process', { timeout: 90_000 }, () => {
  const entry = fileURLToPath(new URL('./fixtures/service.ts', import.meta.url));
  const root = fileURLToPath(new URL('../../..', import.meta.url));
  const run = (env: Record<string, string>) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(
        process.execPath,
        ['--conditions=development', '--import', 'tsx', entry],
        { cwd: root, env: { PATH: process.env.PATH, ...env } },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });

  it('prints one clean message for a bad environment and exits 1', async () => {
    const result = await run({ NATS_URL: '', DB_POOL_SIZE: '0', DATABASE_URL: 'mysql://x/y' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('fixture: Invalid environment');
    expect(result.stderr).toContain('DB_POOL_SIZE');
    expect(result.stderr).toContain('DATABASE_URL');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits non-zero and says why when its start throws', async () => {
    await using database = freshDatabase();
    const result = await run({ ...serviceEnv(database.url), KIT_FAIL: 'start' });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('fixture could not start: the start went wrong');
  });

  it('exits non-zero on an unhandled rejection instead of running on', async () => {
    await using database = freshDatabase();
    const result = await run({ ...serviceEnv(database.url), KIT_FAIL: 'rejection' });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('fixture ready');
    expect(result.stdout).toContain(
      'fixture crashed (unhandledRejection): a background task went wrong',
    );
  });
});

function never(): Promise<{ stop(): Promise<void> }> {
  return new Promise(() => undefined);
}
