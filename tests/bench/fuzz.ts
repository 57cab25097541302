/**
 * The API fuzz run at scale: 100,000 generated requests (the fuzz test's generator,
 * `tests/support/fuzz-requests.ts`) over HTTP against the whole stack as real processes, with a
 * random seed. Prints the seed, the requests sent, the 5xx and every other broken response, the
 * first failing requests of each route, and the error lines the services logged.
 *
 *   pnpm bench:fuzz
 *   FUZZ_REQUESTS=20000 FUZZ_SEED=123 pnpm bench:fuzz
 */
import { randomInt } from 'node:crypto';
import http from 'node:http';
import {
  formatFailures,
  routesOf,
  runFuzz,
  seedWorld,
  type OpenApiDocument,
  type Send,
} from '../support/fuzz-requests.js';
import { startBenchStack } from './bench-stack.js';

const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 100_000);
const SEED = Number(process.env.FUZZ_SEED ?? randomInt(2 ** 31));
const CONCURRENCY = Number(process.env.FUZZ_CONCURRENCY ?? 8);
const databaseUrl =
  process.env.BENCH_DATABASE_URL ??
  'postgres://postgres:postgres@127.0.0.1:5432/outloud_bench_fuzz';

/** Plain `http.request` with keep-alive: the load generator shares the cores it measures. */
function httpSender(base: string): Send {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY * 2 });
  return (request) =>
    new Promise((resolve) => {
      const headers: Record<string, string | number> = { ...request.headers };
      if (request.payload !== undefined)
        headers['content-length'] = Buffer.byteLength(request.payload);
      const outgoing = http.request(
        `${base}${request.url}`,
        { method: request.method, agent, headers, timeout: 60_000 },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 0,
              headers: response.headers,
              body: Buffer.concat(chunks).toString('utf8'),
            }),
          );
        },
      );
      // A refused connection or a timeout counts as a 5xx: the request was not answered.
      const unanswered = (error: Error) =>
        resolve({ status: 599, headers: {}, body: `no answer: ${error.message}` });
      outgoing.on('error', unanswered);
      outgoing.on('timeout', () => outgoing.destroy(new Error('timed out after 60 s')));
      outgoing.end(request.payload);
    });
}

const errorLines: string[] = [];
const stack = await startBenchStack({
  databaseUrl,
  freshDatabase: true,
  prefix: 'benchfuzz',
  logLevel: 'error',
  // Limits raised so that 429s do not hide the routes behind them.
  env: {
    RATE_WRITES_PER_MINUTE: '1000000',
    RATE_REGISTER_PER_HOUR: '1000000',
    NEWCOMER_HOURS: '0',
    RATE_CATCHUP_PER_MINUTE: '1000000',
    RATE_LOGIN_MAX: '1000000',
    RATE_LOGIN_IP_MAX: '1000000',
  },
  // At LOG_LEVEL=error the services print only errors; the migration runs print their summary.
  sink: (source, line) => {
    if (source.startsWith('migrate') || errorLines.length >= 200) return;
    errorLines.push(`[${source}] ${line.slice(0, 600)}`);
  },
});
try {
  const send = httpSender(stack.url);
  const docs = await send({ method: 'GET', url: '/api/docs/json', headers: {} });
  const routes = routesOf(JSON.parse(docs.body) as OpenApiDocument);
  const world = await seedWorld(send, { setupToken: stack.setupToken });
  console.log(
    `fuzz: ${REQUESTS} requests over ${routes.length} routes, seed ${SEED}, ` +
      `${CONCURRENCY} at a time (FUZZ_SEED=${SEED} repeats the run)`,
  );
  const started = performance.now();
  let reported = 0;
  const run = await runFuzz({
    send,
    routes,
    world,
    seed: SEED,
    count: REQUESTS,
    concurrency: CONCURRENCY,
    onProgress: (progress) => {
      if (progress.sent - reported < 10_000) return;
      reported = progress.sent;
      const seconds = (performance.now() - started) / 1000;
      console.log(
        `  ${progress.sent} sent in ${seconds.toFixed(0)} s, ${progress.failures} failing`,
      );
    },
  });
  const seconds = (performance.now() - started) / 1000;
  const serverErrors = [...run.byStatus].filter(([s]) => s >= 500).reduce((n, [, c]) => n + c, 0);
  const statuses = [...run.byStatus].sort(([a], [b]) => a - b);
  console.log(
    `\nsent ${run.sent} requests in ${seconds.toFixed(1)} s (${(run.sent / seconds).toFixed(0)}/s)`,
  );
  console.log(`5xx: ${serverErrors}; responses breaking the contract: ${run.failures}`);
  console.log(`statuses: ${statuses.map(([s, n]) => `${s}×${n}`).join(' ')}`);
  if (run.distinct.size)
    console.log(`\nfirst failures by route and problem:\n${formatFailures(run, 20)}`);
  console.log(
    `\nslowest:\n${run.slowest
      .map((s) => `  ${s.ms.toFixed(0)} ms → ${s.status} ${s.request.slice(0, 240)}`)
      .join('\n')}`,
  );
  if (errorLines.length)
    console.log(`\nerror lines logged by the services (first ${errorLines.length}):`);
  for (const line of errorLines.slice(0, 30)) console.log(`  ${line}`);
} finally {
  await stack.stop();
}
