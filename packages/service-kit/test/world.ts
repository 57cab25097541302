import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { createDb } from '@outloud/db';
import type { Logger } from '@outloud/ops';
import { sql } from 'kysely';
import { pino } from 'pino';
import type { ProcessHost } from '../src/index.js';

/** A database name no one uses yet; the runtime must create it. Dropped on dispose. */
export function freshDatabase(): { url: string; name: string } & AsyncDisposable {
  // Named like testkit's databases, so a run that crashes leaves nothing the next one keeps.
  const name = `outloud_test_${Math.floor(Date.now() / 1000)}_kit${randomBytes(4).toString('hex')}`;
  const url = new URL(
    process.env.DATABASE_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/postgres',
  );
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async [Symbol.asyncDispose]() {
      const admin = createDb<unknown>({ url: url.toString().replace(`/${name}`, '/postgres') });
      await sql`drop database if exists ${sql.id(name)} with (force)`.execute(admin);
      await admin.destroy();
    },
  };
}

/** The environment of a service on `databaseUrl`, with a free ops port and a test prefix. */
export function serviceEnv(databaseUrl: string): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    NATS_URL: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
    OUTLOUD_PREFIX: `t${randomBytes(5).toString('hex')}`,
    OPS_PORT: '0',
    LOG_LEVEL: 'info',
  };
}

/** A process host that records exits and errors and lets the test raise signals and crashes. */
export function fakeHost(env: Record<string, string | undefined>) {
  const stopHandlers: ((signal: string) => void)[] = [];
  const fatalHandlers: ((kind: 'uncaughtException' | 'unhandledRejection', e: unknown) => void)[] =
    [];
  const exits: number[] = [];
  const errors: string[] = [];
  let exited: (code: number) => void = () => undefined;
  const firstExit = new Promise<number>((resolve) => (exited = resolve));
  const host: ProcessHost = {
    env,
    exit(code) {
      exits.push(code);
      exited(code);
    },
    onStopSignal: (handler) => void stopHandlers.push(handler),
    onFatal: (handler) => void fatalHandlers.push(handler),
    printError: (text) => void errors.push(text),
  };
  return {
    host,
    exits,
    errors,
    firstExit,
    signal: (name: string) => stopHandlers.forEach((h) => h(name)),
    crash: (error: unknown) => fatalHandlers.forEach((h) => h('unhandledRejection', error)),
  };
}

/** A logger whose lines (parsed JSON) are kept for assertions. */
export function capturingLogger(): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n'))
        if (line) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ name: 'kit-test', level: 'debug' }, stream), lines };
}
