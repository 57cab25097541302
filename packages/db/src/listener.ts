import pg from 'pg';

export interface PgListenerOptions {
  databaseUrl: string;
  /** The `NOTIFY` channel. */
  channel: string;
  /** Shown in `pg_stat_activity`. */
  applicationName: string;
  /** Called for every notification, and once each time the connection is (re)opened. */
  onWake: () => void;
  logger: {
    warn(details: object, message: string): void;
    info(details: object, message: string): void;
  };
  /** Said in the log when the connection is lost, e.g. `outbox`. */
  name: string;
}

export interface PgListener {
  stop(): Promise<void>;
}

/**
 * A `LISTEN` connection kept open for a worker's whole life. When Postgres restarts it is opened
 * again with back-off (the worker's polling covers the gap), and `onWake` runs on every reconnect,
 * since notifications sent meanwhile are lost. The log stays quiet during an outage: the first
 * failure, then every 30th.
 */
export function startPgListener(options: PgListenerOptions): PgListener {
  const { logger } = options;
  let stopped = false;
  let listener: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;
  let failures = 0;

  const relisten = () => {
    if (stopped || retry) return;
    const delay = Math.min(250 * 2 ** Math.min(failures, 5), 5_000);
    retry = setTimeout(() => {
      retry = undefined;
      void listen();
    }, delay);
  };

  const listen = async () => {
    const client = new pg.Client({
      connectionString: options.databaseUrl,
      application_name: options.applicationName,
    });
    let lost = false;
    const onLost = (err?: Error) => {
      if (lost) return;
      lost = true;
      if (listener === client) listener = undefined;
      client.end().catch(() => undefined);
      if (stopped) return;
      failures++;
      if (failures === 1 || failures % 30 === 0) {
        logger.warn(
          { err, failures },
          `${options.name} listen connection lost; polling until it is back`,
        );
      }
      relisten();
    };
    client.on('notification', () => options.onWake());
    client.on('error', onLost);
    client.on('end', () => onLost());
    try {
      await client.connect();
      await client.query(`listen ${pg.escapeIdentifier(options.channel)}`);
    } catch (err) {
      onLost(err as Error);
      return;
    }
    if (stopped || lost) {
      lost = true;
      await client.end().catch(() => undefined);
      return;
    }
    if (failures) logger.info({}, `${options.name} listen connection back`);
    failures = 0;
    listener = client;
    options.onWake();
  };

  const started = listen();
  return {
    async stop() {
      stopped = true;
      clearTimeout(retry);
      await started;
      await listener?.end().catch(() => undefined);
    },
  };
}
