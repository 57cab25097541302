import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { collectDefaultMetrics, Registry } from 'prom-client';

export type ReadinessCheck = () => Promise<void>;

export interface OpsServer extends AsyncDisposable {
  readonly port: number;
  close(): Promise<void>;
}

/** A registry with the process's default metrics, labelled with the service name. */
export function createMetrics(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return registry;
}

/** Runs every readiness check; returns the names of the failing ones. */
export async function failingChecks(checks: Record<string, ReadinessCheck>): Promise<string[]> {
  const entries = Object.entries(checks);
  const results = await Promise.allSettled(entries.map(([, check]) => check()));
  return entries.filter((_, i) => results[i]?.status === 'rejected').map(([name]) => name);
}

/**
 * The small HTTP port every service exposes: `/healthz` (process up), `/readyz` (dependencies
 * reachable) and `/metrics` (Prometheus text format).
 */
export async function startOpsServer(options: {
  port: number;
  host?: string;
  registry: Registry;
  checks: Record<string, ReadinessCheck>;
}): Promise<OpsServer> {
  const server = http.createServer((req, res) => {
    void respond(req.url ?? '/', res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  const respond = async (url: string, res: http.ServerResponse) => {
    const path = url.split('?')[0];
    if (path === '/healthz') return json(res, 200, { status: 'ok' });
    if (path === '/readyz') {
      const failing = await failingChecks(options.checks);
      return json(res, failing.length ? 503 : 200, {
        status: failing.length ? 'unavailable' : 'ok',
        failing,
      });
    }
    if (path === '/metrics') {
      res.writeHead(200, { 'content-type': options.registry.contentType });
      res.end(await options.registry.metrics());
      return;
    }
    json(res, 404, { error: { code: 'not_found', message: 'No such endpoint.' } });
  };
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }));
  return { port: (server.address() as AddressInfo).port, close, [Symbol.asyncDispose]: close };
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
