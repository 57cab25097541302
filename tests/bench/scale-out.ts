/**
 * Scale-out: `GET /feed` at concurrency 50 through one gateway with one instance of every service,
 * then with a second instance of every service and a second gateway on the same NATS (the load
 * split over both gateways). NATS queue groups spread the requests over the instances. On a 2-core
 * machine shared with Postgres and the load generator the second instances add processes, not
 * cores, so expect no gain there: the gain needs cores (or machines) for the extra instances.
 *
 *   pnpm bench:scale                      # database `outloud_bench`
 *   BENCH_SECONDS=5 pnpm bench:scale
 */
import { pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import { SERVICES } from '@outloud/infra';
import { ApiClient } from '../support/api-client.js';
import { startBenchStack } from './bench-stack.js';

const CONNECTIONS = 50;
const POSTS = 40;
const databaseUrl =
  process.env.BENCH_DATABASE_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/outloud_bench';

export interface ScaleOutFigures {
  one: { rps: number; p99: number };
  two: { rps: number; p99: number };
}

/** Loads every gateway at once, the connections split evenly; total req/s, worst p99. */
async function load(
  urls: string[],
  auth: Record<string, string>,
  seconds: number,
): Promise<{ rps: number; p99: number }> {
  const results = await Promise.all(
    urls.map((url) =>
      autocannon({
        url: `${url}/api/v1/feed?sort=new`,
        connections: CONNECTIONS / urls.length,
        duration: seconds,
        headers: auth,
      }),
    ),
  );
  for (const r of results)
    if (r.non2xx + r.errors > 0) throw new Error(`${r.non2xx + r.errors} failed feed requests`);
  return {
    rps: results.reduce((sum, r) => sum + r.requests.average, 0),
    p99: Math.max(...results.map((r) => r.latency.p99)),
  };
}

export async function benchScaleOut(options: { seconds?: number } = {}): Promise<ScaleOutFigures> {
  const seconds = options.seconds ?? Number(process.env.BENCH_SECONDS ?? 10);
  const stack = await startBenchStack({ databaseUrl, prefix: 'benchscale', freshDatabase: true });
  try {
    const client = new ApiClient(stack.url);
    await client.register();
    const { body: token } = await client.request<{ token: string }>('POST', '/tokens', {
      name: 'bench',
    });
    const channels = await client.request<{ items: { id: string; slug: string }[] }>(
      'GET',
      '/channels',
    );
    const general = channels.body.items.find((c) => c.slug === 'general')!;
    for (let i = 0; i < POSTS; i++) {
      const created = await client.request('POST', '/posts', {
        channelId: general.id,
        kind: 'tip',
        title: `Scale-out post ${i}`,
        body: `Body of post ${i}.`,
      });
      if (created.status !== 201) throw new Error(`post failed: ${created.status}`);
    }
    const auth = { authorization: `Bearer ${token.token}` };
    await load([stack.url], auth, 2); // warm-up
    const one = await load([stack.url], auth, seconds);

    const urls = [stack.url];
    for (const name of SERVICES) {
      const added = await stack.addInstance(name);
      if (name === 'gateway') urls.push(added.opsUrl);
    }
    await load(urls, auth, 2);
    const two = await load(urls, auth, seconds);
    return { one, two };
  } finally {
    await stack.stop();
  }
}

export function formatScaleOut(figures: ScaleOutFigures): string {
  const f = (x: { rps: number; p99: number }) => `${x.rps.toFixed(0)} req/s, p99 ${x.p99} ms`;
  return (
    `GET /feed sort=new, c=${CONNECTIONS}: one of each ${f(figures.one)}; ` +
    `two of each (two gateways) ${f(figures.two)}`
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(formatScaleOut(await benchScaleOut()));
}
