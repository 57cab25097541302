import { CamelCasePlugin, Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { PreparingClient } from './prepared.js';

export interface DbOptions {
  /** A `postgres://` connection string. */
  url: string;
  /** Pool size; services are small processes, so a handful of connections is plenty. */
  max?: number;
  /** Name shown in `pg_stat_activity`, handy when several services share one server. */
  applicationName?: string;
}

// Postgres returns int8 (counts, sums) as strings; every count here fits in a JS number.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number.parseInt(v, 10));
// Calendar dates stay `YYYY-MM-DD` strings: a Date would shift them by the process time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);

/**
 * A Kysely instance over a `pg` pool, with snake_case columns mapped to camelCase. Every query runs
 * as a named (prepared) statement, so Postgres plans it once per connection, not once per call.
 */
export function createDb<DB>(options: DbOptions): Kysely<DB> {
  const pool = new pg.Pool({
    Client: PreparingClient,
    connectionString: options.url,
    max: options.max ?? 10,
    application_name: options.applicationName ?? 'outloud',
    idleTimeoutMillis: 30_000,
  });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  // Nor may a checked-out one (mid-transaction when Postgres restarts): the pool listens only to
  // idle clients, and an unheard 'error' event is an uncaught exception. The query rejects anyway.
  pool.on('connect', (client) => client.on('error', () => undefined));
  return new Kysely<DB>({
    dialect: new PostgresDialect({ pool }),
    plugins: [new CamelCasePlugin()],
  });
}
