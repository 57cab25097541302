import { connect, type NatsConnection } from '@nats-io/transport-node';

export type { NatsConnection };

export interface BusLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/**
 * Connects to NATS and keeps reconnecting forever: a broker restart delays messages, it does not
 * take a service down. Connection status changes are logged.
 */
export async function connectNats(options: {
  url: string;
  name: string;
  logger?: BusLogger;
}): Promise<NatsConnection> {
  const nc = await connect({
    servers: options.url.split(','),
    name: options.name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    pingInterval: 10_000,
    // Otherwise every request and flush builds an Error up front (a stack trace) in case it
    // fails: a few percent of a gateway's CPU. Our RPC errors name the service instead.
    noAsyncTraces: true,
  });
  const logger = options.logger;
  if (logger) {
    void (async () => {
      for await (const status of nc.status()) {
        if (status.type === 'disconnect' || status.type === 'reconnect') {
          logger.warn({ nats: status.type, server: status.server }, `nats ${status.type}`);
        }
      }
    })();
  }
  return nc;
}

/** Drains (finishes in-flight work, then closes) once, however many times it is called. */
export async function drainNats(nc: NatsConnection): Promise<void> {
  if (nc.isClosed()) return;
  try {
    if (!nc.isDraining()) await nc.drain();
  } catch {
    // Draining a connection that is mid-reconnect can fail; closing is the fallback.
    await nc.close();
  }
  await nc.closed();
}
