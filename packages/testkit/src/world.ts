import type { Names } from '@outloud/contracts';
import { names as makeNames } from '@outloud/contracts';
import { createDb, type MigrateOptions } from '@outloud/db';
import type { Kysely } from 'kysely';
import { createTestDatabase, type TestDatabase } from './database.js';
import { testNatsUrl, testPrefix } from './isolation.js';
import { silentLogger, type SilentLogger } from './logger.js';

/**
 * The NATS functions the world needs, as `@outloud/bus` exports them: pass the module itself
 * (`import * as bus from '@outloud/bus'`). The bus package's own tests use this kit, so the kit
 * cannot import it.
 */
export interface WorldBus<C> {
  connectNats(options: { url: string; name: string }): Promise<C>;
  deleteEventStream(nc: C, names: Names): Promise<void>;
  drainNats(nc: C): Promise<void>;
}

/** One test file's isolated world: its own database, NATS connection, prefix and names. */
export interface ServiceWorld<C> extends AsyncDisposable {
  readonly database: TestDatabase;
  readonly nc: C;
  readonly prefix: string;
  readonly names: Names;
  readonly logger: SilentLogger;
  /** A new pool on the world's database (one per service, as in production); closed with it. */
  pool<DB>(max?: number): Kysely<DB>;
  /**
   * Adds clean-up that runs before the world's own (stop services, delete indexes), last added
   * first. A failing step does not stop the others; the first error is thrown at the end.
   */
  defer(step: () => Promise<void>): void;
}

/**
 * Creates a database from the migrated template, connects to the test NATS and picks a unique
 * prefix. Disposing it runs the deferred steps, deletes the prefixed stream, drains NATS, closes
 * the pools and drops the database.
 */
export async function createServiceWorld<C>(options: {
  migrations: MigrateOptions[];
  bus: WorldBus<C>;
  /** Connection name shown by NATS. */
  name?: string;
}): Promise<ServiceWorld<C>> {
  const database = await createTestDatabase({ migrations: options.migrations });
  const { bus } = options;
  let nc: C;
  try {
    nc = await bus.connectNats({ url: testNatsUrl(), name: options.name ?? 'test' });
  } catch (error) {
    await database.drop();
    throw error;
  }
  const prefix = testPrefix();
  const names = makeNames(prefix);
  const pools: Kysely<unknown>[] = [];
  const deferred: (() => Promise<void>)[] = [];

  let disposed: Promise<void> | undefined;
  const dispose = () =>
    (disposed ??= (async () => {
      const errors: unknown[] = [];
      const attempt = async (step: () => Promise<void>) => {
        try {
          await step();
        } catch (error) {
          errors.push(error);
        }
      };
      for (const step of [...deferred].reverse()) await attempt(step);
      await attempt(() => bus.deleteEventStream(nc, names));
      await attempt(() => bus.drainNats(nc));
      for (const pool of pools) await attempt(() => pool.destroy());
      await attempt(() => database.drop());
      if (errors.length) throw errors[0];
    })());

  return {
    database,
    nc,
    prefix,
    names,
    logger: silentLogger,
    pool<DB>(max = 5) {
      const db = createDb<DB>({ url: database.url, max });
      pools.push(db as Kysely<unknown>);
      return db;
    },
    defer(step) {
      deferred.push(step);
    },
    [Symbol.asyncDispose]: dispose,
  };
}
