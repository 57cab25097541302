/**
 * CPU time per request of each service process (from /proc, so the load generator and other
 * processes on the machine do not count) for the gateway's hot reads: `GET /feed` with an API token
 * and with a session cookie, and `GET /posts/:id`. Raw req/s depend on whatever else runs on the
 * machine; CPU per request does much less.
 *
 *   pnpm bench:gateway-cpu                               # 1,000 posts, 5,000 requests per run
 *   BENCH_REQUESTS=2000 pnpm bench:gateway-cpu
 *   BENCH_CPU_PROFILE=/tmp/profiles pnpm bench:gateway-cpu   # also writes each service's .cpuprofile
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import type { FeedPage } from '@outloud/contracts';
import { ApiClient } from '../support/api-client.js';
import { startBenchStack } from './bench-stack.js';

const POSTS = Number(process.env.BENCH_POSTS ?? 1_000);
/** Requests per run; each run follows a tenth as many unmeasured ones that warm it up. */
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 5_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const PROFILE_DIR = process.env.BENCH_CPU_PROFILE;
const databaseUrl =
  process.env.BENCH_DATABASE_URL ??
  'postgres://postgres:postgres@127.0.0.1:5432/outloud_bench_gateway_cpu';

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** User plus system CPU time of a process so far, in milliseconds. */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which sits in parentheses and may contain spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

/** Bulk posts in the default channel, straight into the feed schema. */
async function generate(authorId: string): Promise<string> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{ id: string }>(
      `select id from feed.channels order by created_at limit 1`,
    );
    const channelId = rows[0]!.id;
    await db.query(
      `insert into feed.posts (id, channel_id, kind, title, body, body_html, tags, author_id, score,
                               answer_count, created_at, updated_at, rank)
       select gen_random_uuid(), $3, case when i % 3 = 0 then 'question' else 'tip' end,
              'Benchmark post ' || i, 'Body of post ' || i, '<p>Body of post ' || i || '</p>',
              array['tag' || (i % 50), 'bench'], $2, i % 7, i % 4,
              now() - i * interval '1 minute', now() - i * interval '1 minute', i
       from generate_series(1, $1) i`,
      [POSTS, authorId, channelId],
    );
    await db.query('analyze feed.posts');
    const post = await db.query<{ id: string }>(
      `select id from feed.posts order by created_at desc limit 1`,
    );
    return post.rows[0]!.id;
  } finally {
    await db.end();
  }
}

const stack = await startBenchStack({
  databaseUrl,
  prefix: 'benchcpu',
  freshDatabase: true,
  env: PROFILE_DIR
    ? {
        BENCH_CPU_PROFILE: PROFILE_DIR,
        NODE_OPTIONS: `--import ${fileURLToPath(new URL('./cpu-profile-hook.mjs', import.meta.url))}`,
      }
    : {},
});
try {
  const client = new ApiClient(stack.url);
  const user = await client.register();
  const { body: token } = await client.request<{ token: string }>('POST', '/tokens', {
    name: 'bench',
  });
  const postId = await generate(user.id);
  const bearer = { authorization: `Bearer ${token.token}` };
  const cookie = { cookie: client.cookie };
  const api = (path: string) => `${stack.url}/api/v1${path}`;
  const first = (await (
    await fetch(api('/feed?sort=new'), { headers: bearer })
  ).json()) as FeedPage;
  if (first.items.length !== 20) throw new Error('the feed did not answer a full page');

  const runs = [
    { label: 'GET /feed sort=new (token)', url: api('/feed?sort=new'), headers: bearer },
    { label: 'GET /feed sort=new (cookie)', url: api('/feed?sort=new'), headers: cookie },
    { label: 'GET /posts/:id (token)', url: api(`/posts/${postId}`), headers: bearer },
  ];
  const services = stack.services.filter((s) => s.pid !== undefined);
  const rows: string[] = [];
  for (const run of runs) {
    const options = { url: run.url, headers: run.headers, connections: CONNECTIONS };
    await autocannon({ ...options, amount: Math.ceil(REQUESTS / 10) });
    const before = services.map((s) => cpuMs(s.pid!));
    const result = await autocannon({ ...options, amount: REQUESTS });
    const after = services.map((s) => cpuMs(s.pid!));
    const requests = result.requests.total;
    const perRequest = services.map((s, i) => ({
      name: s.name,
      ms: (after[i]! - before[i]!) / Math.max(requests, 1),
    }));
    rows.push(
      `| ${run.label} | ${result.requests.average.toFixed(0)} | ${result.latency.p99} | ${
        result.non2xx + result.errors
      } | ${perRequest
        .filter((p) => p.ms >= 0.005)
        .map((p) => `${p.name} ${p.ms.toFixed(3)}`)
        .join(', ')} |`,
    );
  }
  console.log(`\n${POSTS} posts, concurrency ${CONNECTIONS}, ${REQUESTS} requests per run`);
  console.log('| run | req/s | p99 ms | errors | CPU ms per request (per process) |');
  console.log('|---|---:|---:|---:|---|');
  for (const row of rows) console.log(row);
} finally {
  await stack.stop();
}
