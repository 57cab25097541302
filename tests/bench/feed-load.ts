/**
 * `GET /feed` under load: 100,000 posts in 20 channels, 50 concurrent connections, sorts `new` and
 * `top` (first pages and deep keyset pages), next to Fastify's hello world measured in the same run.
 *
 *   pnpm bench:feed                       # database `outloud_bench_feed`, 10 s per run
 *   BENCH_POSTS=1000 BENCH_SECONDS=5 pnpm bench:feed
 *
 * Beside req/s it prints the CPU each request cost the gateway, the feed service and Postgres (the
 * bench database's backends), from the processes' own counters: on a shared machine that figure
 * moves far less than req/s does.
 */
import { spawn } from 'node:child_process';
import { readFile, readdir } from 'node:fs/promises';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import type { FeedPage } from '@outloud/contracts';
import { ApiClient } from '../support/api-client.js';
import { startBenchStack } from './bench-stack.js';

const POSTS = Number(process.env.BENCH_POSTS ?? 100_000);
const CHANNELS = 20;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 50;
const databaseUrl =
  process.env.BENCH_DATABASE_URL ??
  'postgres://postgres:postgres@127.0.0.1:5432/outloud_bench_feed';

/** Bulk data straight into the feed schema (the API would take minutes for 100,000 posts). */
async function generate(authorId: string): Promise<void> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  await db.query(
    `insert into feed.channels (slug, name, visibility)
    select 'bench-' || i, 'Bench ' || i, 'public' from generate_series(1, $1 - 1) i`,
    [CHANNELS],
  );
  await db.query(
    `insert into feed.authors (id, handle, display_name)
    values ($1, 'bench_author', 'Bench Author') on conflict (id) do nothing`,
    [authorId],
  );
  await db.query(
    `with c as (select id, row_number() over (order by id) - 1 as n from feed.channels),
     p as (
       select i, gen_random_uuid() as id, now() - (random() * interval '60 days') as at, floor(random() * random() * 60)::int as score
       from generate_series(1, $1) i
     )
     insert into feed.posts (id, channel_id, kind, title, body, body_html, tags, author_id, score, answer_count,
                             created_at, updated_at, rank)
     select p.id, c.id, case when i % 3 = 0 then 'question' else 'tip' end, 'Benchmark post ' || i,
            'Body of post ' || i, '<p>Body of post ' || i || '</p>', array['tag' || (i % 50), 'bench'],
            $2, p.score, (i % 4), p.at, p.at,
            log(greatest(p.score, 1)) + extract(epoch from p.at - timestamptz '2026-01-01') / 45000
     from p join c on c.n = i % $3`,
    [POSTS, authorId, CHANNELS],
  );
  // Every table the feed's queries join, so plans rest on real statistics.
  await db.query('analyze feed.posts, feed.channels, feed.authors, feed.channel_members');
  await db.end();
}

interface Figures {
  label: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  /** CPU milliseconds per request, by process group. */
  cpu: Record<CpuGroup, number>;
}

type CpuGroup = 'gateway' | 'feed' | 'postgres';
const CPU_GROUPS: readonly CpuGroup[] = ['gateway', 'feed', 'postgres'];
// Linux counts process CPU in clock ticks of 10 ms.
const TICK_MS = 10;

/** CPU ms a process and its descendants used so far (0 once it is gone). */
async function processCpuMs(pid: number): Promise<number> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime, stime (fields 14, 15), counted from the state field (3).
    let ms = (Number(fields[11]) + Number(fields[12])) * TICK_MS;
    for (const child of await childrenOf(pid)) ms += await processCpuMs(child);
    return ms;
  } catch {
    return 0;
  }
}

async function childrenOf(pid: number): Promise<number[]> {
  const children: number[] = [];
  for (const task of await readdir(`/proc/${pid}/task`).catch(() => [])) {
    const list = await readFile(`/proc/${pid}/task/${task}/children`, 'utf8').catch(() => '');
    children.push(...list.split(' ').filter(Boolean).map(Number));
  }
  return children;
}

/** CPU ms so far of the gateway, the feed service and the bench database's backends. */
async function cpuSnapshot(
  pids: Record<'gateway' | 'feed', number | undefined>,
): Promise<Record<CpuGroup, number>> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const { rows } = await db.query<{ pid: number }>(
    'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
  );
  await db.end();
  let postgres = 0;
  for (const { pid } of rows) postgres += await processCpuMs(pid);
  return {
    gateway: pids.gateway ? await processCpuMs(pids.gateway) : 0,
    feed: pids.feed ? await processCpuMs(pids.feed) : 0,
    postgres,
  };
}

async function load(
  label: string,
  url: string,
  headers: Record<string, string> = {},
  pids: Record<'gateway' | 'feed', number | undefined> = { gateway: undefined, feed: undefined },
): Promise<Figures> {
  const before = await cpuSnapshot(pids);
  const result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers });
  const after = await cpuSnapshot(pids);
  const requests = Math.max(result.requests.total, 1);
  const cpu = Object.fromEntries(
    CPU_GROUPS.map((group) => [group, (after[group] - before[group]) / requests]),
  ) as Record<CpuGroup, number>;
  return {
    label,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx + result.errors,
    cpu,
  };
}

async function helloWorld(): Promise<{ url: string; stop: () => void }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL('./hello-server.ts', import.meta.url))],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      const match = /listening (\S+)/.exec(chunk.toString());
      if (match) resolve(match[1]!);
    });
    child.once('exit', () => reject(new Error('hello-world server exited')));
  });
  return { url, stop: () => child.kill('SIGTERM') };
}

const stack = await startBenchStack({ databaseUrl, prefix: 'benchfeed', freshDatabase: true });
const hello = await helloWorld();
try {
  const client = new ApiClient(stack.url);
  const user = await client.register();
  const { body: token } = await client.request<{ token: string }>('POST', '/tokens', {
    name: 'bench',
  });
  const started = performance.now();
  await generate(user.id);
  console.log(
    `Generated ${POSTS.toLocaleString('en')} posts in ${CHANNELS} channels in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );

  const auth = { authorization: `Bearer ${token.token}` };
  const feedUrl = (query: string) => `${stack.url}/api/v1/feed?${query}`;
  // A cursor 1,000 posts deep, to show keyset pages cost the same as the first one.
  let deep = '';
  for (let i = 0; i < 10; i++) {
    const page: FeedPage = (await (
      await fetch(feedUrl(`sort=new&limit=100${deep ? `&cursor=${deep}` : ''}`), { headers: auth })
    ).json()) as FeedPage;
    // With few posts the last page has no next one: keep the deepest cursor there is.
    if (!page.nextCursor) break;
    deep = page.nextCursor;
  }

  const pids = {
    gateway: stack.services.find((s) => s.name === 'gateway')?.pid,
    feed: stack.services.find((s) => s.name === 'feed')?.pid,
  };
  const runs: Figures[] = [];
  runs.push(await load('Fastify hello world', hello.url));
  runs.push(await load('GET /feed sort=new', feedUrl('sort=new'), auth, pids));
  runs.push(await load('GET /feed sort=top', feedUrl('sort=top'), auth, pids));
  runs.push(
    await load('GET /feed sort=new, 1,000 deep', feedUrl(`sort=new&cursor=${deep}`), auth, pids),
  );
  runs.push(
    await load(
      'GET /feed sort=new, one channel',
      feedUrl('sort=new&channelId=' + (await firstChannel(stack.url, auth))),
      auth,
      pids,
    ),
  );

  console.log(`\nConcurrency ${CONNECTIONS}, ${SECONDS} s each, ${os.cpus().length} cores:`);
  console.log('| run | req/s | p50 ms | p99 ms | errors | CPU ms/req gateway | feed | Postgres |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of runs)
    console.log(
      `| ${r.label} | ${r.requestsPerSecond.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.non2xx} | ` +
        CPU_GROUPS.map((g) => r.cpu[g].toFixed(2)).join(' | ') +
        ' |',
    );
} finally {
  hello.stop();
  await stack.stop();
}

async function firstChannel(base: string, auth: Record<string, string>): Promise<string> {
  const { items } = (await (await fetch(`${base}/api/v1/channels`, { headers: auth })).json()) as {
    items: { id: string; slug: string }[];
  };
  return items.find((c) => c.slug === 'bench-7')!.id;
}
