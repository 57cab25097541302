import { natsCheck, runService, type ServiceContext } from '@outloud/service-kit';
import { buildApp } from './app.js';
import { readGatewayConfig, type GatewayConfig } from './config.js';
import { gatewayMigrations, type GatewayDatabase } from './db.js';

const PURGE_INTERVAL_MS = 60 * 60 * 1000;

/** Builds the app on the kit's connections, listens, and purges expired sessions hourly. */
async function startGateway({
  config,
  db,
  nc,
  names,
  logger,
}: ServiceContext<GatewayConfig, GatewayDatabase>) {
  const app = await buildApp({
    config,
    db,
    logger,
    bus: { nc, names },
    readinessChecks: { nats: natsCheck(nc) },
  });
  const purge = setInterval(() => {
    app.identity.purgeExpired().then(
      (purged) => logger.debug({ purged }, 'purged expired sessions and sign-in failures'),
      (error: unknown) => logger.warn({ err: error }, 'purge failed'),
    );
  }, PURGE_INTERVAL_MS);
  purge.unref();
  await app.listen({ host: config.HOST, port: config.PORT });
  return {
    // Stops accepting, finishes in-flight requests and sockets, runs the onClose hooks.
    stop: async () => {
      clearInterval(purge);
      await app.close();
    },
  };
}

// The gateway serves /healthz, /readyz and /metrics itself, on PORT.
await runService({
  name: 'gateway',
  loadConfig: readGatewayConfig,
  migrations: gatewayMigrations,
  start: startGateway,
  opsServer: false,
  readyDetails: (_, config) => ({ port: config.PORT }),
});
