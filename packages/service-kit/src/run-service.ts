import { connectNats, drainNats, type NatsConnection } from '@outloud/bus';
import { names as makeNames, type Names } from '@outloud/contracts';
import { createDb, ensureDatabase, migrateToLatest, type MigrateOptions } from '@outloud/db';
import {
  ConfigError,
  createLogger,
  createMetrics,
  startOpsServer,
  type Logger,
  type ReadinessCheck,
} from '@outloud/ops';
import { sql, type Kysely } from 'kysely';
import { nodeProcess, type ProcessHost } from './host.js';
import { createShutdown } from './shutdown.js';

/** The settings the runtime itself reads; a service's config has these and its own. */
export interface BaseServiceConfig {
  readonly DATABASE_URL: string;
  readonly NATS_URL: string;
  readonly OUTLOUD_PREFIX: string;
  readonly LOG_LEVEL: string;
  readonly DB_POOL_SIZE?: number;
  readonly OPS_PORT?: number;
  readonly OPS_HOST?: string;
}

/** What a service's start function receives: its config and open connections. */
export interface ServiceContext<C, DB> {
  readonly config: C;
  readonly logger: Logger;
  readonly db: Kysely<DB>;
  readonly nc: NatsConnection;
  readonly names: Names;
}

export interface Stoppable {
  stop(): Promise<void>;
}

export interface ServiceDefinition<C extends BaseServiceConfig, DB, S extends Stoppable> {
  /** The service's name, in logs, metrics and `pg_stat_activity`. */
  readonly name: string;
  /** Validates the environment; throws a `ConfigError` naming every bad variable. */
  loadConfig(source: Record<string, string | undefined>): C;
  /** The schemas to migrate to the latest version before starting. */
  readonly migrations: MigrateOptions | readonly MigrateOptions[];
  /** Starts the service (the app's `start<Name>`); its `stop()` runs at shutdown. */
  start(context: ServiceContext<C, DB>): Promise<S>;
  /** Readiness checks on top of `postgres` and `nats`, e.g. Meilisearch. */
  checks?(service: S): Record<string, ReadinessCheck>;
  /** Extra fields for the "ready" log line. */
  readyDetails?(service: S, config: C): object;
  /** Serve `/healthz`, `/readyz`, `/metrics` on OPS_PORT (default true; the gateway serves its own). */
  readonly opsServer?: boolean;
}

export interface RunOptions {
  host?: ProcessHost;
  /** Replaces the logger made from LOG_LEVEL (tests capture lines this way). */
  logger?: Logger;
  /** After a stop signal, exit anyway after this long. Default 10 s. */
  stopDeadlineMs?: number;
}

export interface RunningService<S> {
  readonly service: S;
  /** The ops server's port, when it runs one. */
  readonly opsPort: number | undefined;
  /** Stops in order (ops server, service, NATS, database) and exits; same as SIGTERM. */
  stop(reason?: string): Promise<number>;
}

/**
 * Runs one service process: config, database (created if missing), migrations, NATS, the service,
 * the ops server; then an ordered, run-once shutdown on SIGTERM/SIGINT with a hard deadline. Any
 * failure to start, and any uncaught exception or unhandled rejection, is logged and the process
 * exits non-zero, so a supervisor restarts it. Resolves to undefined when the start failed.
 */
export async function runService<C extends BaseServiceConfig, DB, S extends Stoppable>(
  definition: ServiceDefinition<C, DB, S>,
  options: RunOptions = {},
): Promise<RunningService<S> | undefined> {
  const host = options.host ?? nodeProcess;
  const { name } = definition;

  let config: C;
  try {
    config = definition.loadConfig(host.env);
  } catch (error) {
    // A configuration mistake is the operator's, not a bug: one clean message, no stack trace.
    host.printError(
      error instanceof ConfigError
        ? `${name}: ${error.message}`
        : `${name}: could not read its configuration: ${messageOf(error)}`,
    );
    host.exit(1);
    return undefined;
  }

  const logger = options.logger ?? createLogger(name, config.LOG_LEVEL);
  const shutdown = createShutdown(logger);
  const deadlineMs = options.stopDeadlineMs ?? 10_000;
  let exiting = false;
  const exit = (code: number) => {
    if (exiting) return;
    exiting = true;
    host.exit(code);
  };
  const stop = async (reason = 'stop') => {
    const deadline = setTimeout(() => {
      logger.error({ deadlineMs }, `${name} did not stop within ${deadlineMs} ms; exiting anyway`);
      exit(1);
    }, deadlineMs);
    deadline.unref();
    const code = await shutdown.run(reason);
    clearTimeout(deadline);
    exit(code);
    return code;
  };
  host.onStopSignal((signal) => void stop(signal));
  host.onFatal((kind, error) => {
    // Limping on after an unknown failure risks wrong answers; a restart is the safe way back.
    logger.fatal({ err: error, kind }, `${name} crashed (${kind}): ${messageOf(error)}`);
    exit(1);
  });

  try {
    const created = await ensureDatabase(config.DATABASE_URL);
    if (created) logger.info('created the database');
    const db = createDb<DB>({
      url: config.DATABASE_URL,
      max: config.DB_POOL_SIZE ?? 10,
      applicationName: name,
    });
    shutdown.add({ name: 'database', run: () => db.destroy() });
    const migrations = Array.isArray(definition.migrations)
      ? (definition.migrations as readonly MigrateOptions[])
      : [definition.migrations as MigrateOptions];
    for (const m of migrations) await migrateToLatest(db as Kysely<unknown>, m);

    const nc = await connectNats({ url: config.NATS_URL, name, logger });
    shutdown.add({ name: 'nats', run: () => drainNats(nc) });

    const names = makeNames(config.OUTLOUD_PREFIX);
    const service = await definition.start({ config, logger, db, nc, names });
    shutdown.add({ name: 'service', run: () => service.stop() });

    let opsPort: number | undefined;
    if ((definition.opsServer ?? true) && config.OPS_PORT !== undefined) {
      const ops = await startOpsServer({
        port: config.OPS_PORT,
        host: config.OPS_HOST,
        registry: createMetrics(name),
        checks: {
          postgres: async () => void (await sql`select 1`.execute(db)),
          nats: natsCheck(nc),
          ...definition.checks?.(service),
        },
      });
      shutdown.add({ name: 'ops server', run: () => ops.close() });
      opsPort = ops.port;
    }
    logger.info({ opsPort, ...definition.readyDetails?.(service, config) }, `${name} ready`);
    return { service, opsPort, stop };
  } catch (error) {
    logger.fatal({ err: error }, `${name} could not start: ${messageOf(error)}`);
    await shutdown.run('start failed');
    exit(1);
    return undefined;
  }
}

/** Ready while the NATS connection is open and answers a round trip. */
export function natsCheck(nc: NatsConnection): ReadinessCheck {
  return async () => {
    if (nc.isClosed()) throw new Error('closed');
    await nc.flush();
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
