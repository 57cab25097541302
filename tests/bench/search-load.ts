/**
 * Search under load, over an index that already holds 100,000 posts (bulk-loaded into the feed,
 * then indexed with the reindex command's code path):
 *  1. post → searchable latency (p50/p99) while 400 posts/s are written through the API, each post
 *     timed from its request until Meilisearch holds it (after the bulk load and 5 s of unmeasured
 *     writes: Meilisearch's first commits after a large rebuild take seconds, which says nothing
 *     about a running instance);
 *  2. `GET /search` throughput and latency at concurrency 20, with the CPU time the gateway, the
 *     search service and Meilisearch spent per request (the load generator shares the cores, so
 *     CPU per request compares runs better than req/s);
 *  3. `GET /search` p50/p95/p99 at a steady 100 requests/s.
 *
 *   pnpm bench:search
 *   BENCH_POSTS=20000 BENCH_RATE=100 BENCH_SECONDS=10 pnpm bench:search
 */
import { readdir, readFile } from 'node:fs/promises';
import http from 'node:http';
import autocannon from 'autocannon';
import pg from 'pg';
import { connectNats, drainNats, rpcClient } from '@outloud/bus';
import { FeedRpc, names as makeNames, type Channel, type Post } from '@outloud/contracts';
import { createDb } from '@outloud/db';
import { silentSink } from '@outloud/infra';
import { reindex, type SearchDB } from '@outloud/search';
import { Meilisearch } from 'meilisearch';
import { ApiClient } from '../support/api-client.js';
import { startBenchStack } from './bench-stack.js';

const POSTS = Number(process.env.BENCH_POSTS ?? 100_000);
const RATE = Number(process.env.BENCH_RATE ?? 400);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 5);
const SEARCH_SECONDS = Number(process.env.BENCH_SEARCH_SECONDS ?? 10);
const STEADY_RATE = 100;
const STEADY_SECONDS = Number(process.env.BENCH_STEADY_SECONDS ?? 20);
const databaseUrl =
  process.env.BENCH_DATABASE_URL ??
  'postgres://postgres:postgres@127.0.0.1:5432/outloud_bench_search';
const WORDS = [
  'kubernetes',
  'postgres',
  'latency',
  'pairing',
  'terraform',
  'onboarding',
  'typescript',
  'observability',
  'retrospective',
  'mentoring',
];

/**
 * POST with a keep-alive agent: the load generator shares the 2 cores with everything it
 * measures, and `fetch` costs several times more CPU per request. A refused connection or a
 * timeout comes back as status 0, a failed write rather than the end of the run.
 */
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
function postJson<T>(
  url: string,
  headers: Record<string, string>,
  body: unknown,
): Promise<{ status: number; body: T }> {
  const payload = JSON.stringify(body);
  return new Promise((resolve) => {
    const request = http.request(
      url,
      {
        method: 'POST',
        agent,
        timeout: 30_000,
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const status = response.statusCode ?? 0;
          resolve({ status, body: (status < 300 ? JSON.parse(text) : undefined) as T });
        });
        response.on('error', () => resolve({ status: 0, body: undefined as T }));
      },
    );
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve({ status: 0, body: undefined as T }));
    request.end(payload);
  });
}

const percentile = (samples: number[], q: number) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
};

/** CPU time (user + system) a process has used so far, in ms; NaN once it is gone. */
async function cpuMillis(pid: number): Promise<number> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces; the fields after it are fixed (utime, stime: 14, 15).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return NaN;
  }
}

/** This run's own Meilisearch: the child process of this one that runs it. */
async function meiliPid(): Promise<number | undefined> {
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (name.startsWith('meilisearch') && parent === process.pid) return Number(entry);
  }
  return undefined;
}

/** GETs `url` at a steady `rate` for `seconds`, timing every request on its own. */
async function steadyLoad(
  urls: string[],
  headers: Record<string, string>,
  rate: number,
  seconds: number,
): Promise<{ latencies: number[]; failed: number }> {
  const getAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const latencies: number[] = [];
  let failed = 0;
  const pending: Promise<void>[] = [];
  const started = performance.now();
  for (let i = 0; i < rate * seconds; i++) {
    const wait = started + (i * 1000) / rate - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    pending.push(
      new Promise<void>((resolve) => {
        // Timed from when it was due, so a stalled generator cannot hide a slow answer.
        const due = started + (i * 1000) / rate;
        const request = http.get(urls[i % urls.length]!, { agent: getAgent, headers }, (res) => {
          res.resume();
          res.on('end', () => {
            if (res.statusCode === 200) latencies.push(performance.now() - due);
            else failed++;
            resolve();
          });
        });
        request.on('error', () => {
          failed++;
          resolve();
        });
      }),
    );
  }
  await Promise.all(pending);
  getAgent.destroy();
  return { latencies, failed };
}

const stack = await startBenchStack({
  databaseUrl,
  prefix: 'benchsearch',
  freshDatabase: true,
  sink: silentSink,
});
const postsIndex = `${stack.prefix}_posts`;
try {
  const client = new ApiClient(stack.url);
  const user = await client.register();
  const { body: token } = await client.request<{ token: string }>('POST', '/tokens', {
    name: 'bench',
  });
  const auth = { authorization: `Bearer ${token.token}` };
  const general = (await client.request<{ items: Channel[] }>('GET', '/channels')).body.items.find(
    (c) => c.slug === 'general',
  )!;

  // Writes at RATE posts/s (BENCH_RATE=0 skips this part), once the bulk data is indexed; every
  // post is timed from its request until Meilisearch holds it.
  const total = RATE * SECONDS;
  async function measureWrites(count: number, report = true): Promise<void> {
    const samples: number[] = [];
    /** Request → the API's answer (the post exists), and that answer → searchable. */
    const writeLatency: number[] = [];
    const afterCreated: number[] = [];
    const failedWrites: number[] = [];
    const writes: Promise<void>[] = [];
    /** Posts written and not yet searchable: id → when the request was sent and answered. */
    const waiting = new Map<string, { sent: number; created: number }>();
    let writing = true;
    // One poller asks for every waiting post at once, so watching 3,000 posts costs Meilisearch
    // one small request per 50 ms instead of a query per post.
    const poller = (async () => {
      while (writing || waiting.size) {
        await new Promise((r) => setTimeout(r, 50));
        const ids = [...waiting.keys()].slice(0, 1000);
        if (!ids.length) continue;
        const reply = await fetch(`${stack.meili.url}/indexes/${postsIndex}/documents/fetch`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${stack.meili.key}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify({ ids, fields: ['id'], limit: ids.length }),
        });
        if (!reply.ok)
          throw new Error(`Meilisearch answered ${reply.status}: ${await reply.text()}`);
        const now = performance.now();
        for (const { id } of ((await reply.json()) as { results: { id: string }[] }).results) {
          const { sent, created } = waiting.get(id)!;
          samples.push(now - sent);
          afterCreated.push(now - created);
          waiting.delete(id);
        }
      }
    })();
    const started = performance.now();
    const startedAt = new Date();
    for (let i = 0; i < count; i++) {
      const due = started + (i * 1000) / RATE;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      writes.push(
        (async () => {
          const sent = performance.now();
          const response = await postJson<{ post: Post }>(`${stack.url}/api/v1/posts`, auth, {
            channelId: general.id,
            kind: 'tip',
            title: `Load ${i} ${WORDS[i % WORDS.length]}`,
            body: `Post ${i} about ${WORDS[(i * 7) % WORDS.length]}.`,
          });
          if (response.status !== 201) {
            failedWrites.push(response.status);
            return;
          }
          const created = performance.now();
          writeLatency.push(created - sent);
          waiting.set(response.body.post.id, { sent, created });
        })(),
      );
    }
    // The write rate is counted up to the last write's answer, not the last post found.
    await Promise.all(writes);
    const achieved = count / ((performance.now() - started) / 1000);
    writing = false;
    await poller;
    if (!report) return;
    console.log(
      `Post → searchable while writing ${achieved.toFixed(0)} posts/s (${samples.length} of ${count} posts timed):`,
    );
    if (failedWrites.length) {
      console.log(
        `  ${failedWrites.length} writes failed (${[...new Set(failedWrites)].join(', ')}): more than this machine sustains`,
      );
    }
    const line = (label: string, values: number[]) =>
      console.log(
        `  ${label}: p50 ${percentile(values, 0.5).toFixed(0)} ms, p99 ${percentile(values, 0.99).toFixed(0)} ms, max ${Math.max(...values).toFixed(0)} ms`,
      );
    line('request → searchable', samples);
    line('  of which request → created (POST answered)', writeLatency);
    line('  and created → searchable', afterCreated);
    // What Meilisearch itself spent: its batches of post documents since the writes began.
    const batches = (await (
      await fetch(
        `${stack.meili.url}/batches?limit=1000&indexUids=${postsIndex}&afterEnqueuedAt=${startedAt.toISOString()}`,
        {
          headers: { authorization: `Bearer ${stack.meili.key}` },
        },
      )
    ).json()) as {
      results: { duration: string | null; details: { receivedDocuments?: number } }[];
    };
    const millisOf = (iso: string | null) =>
      Number(/PT([\d.]+)S/.exec(iso ?? '')?.[1] ?? NaN) * 1000;
    const durations = batches.results
      .map((b) => millisOf(b.duration))
      .filter((d) => !Number.isNaN(d));
    const documents = batches.results.map((b) => b.details.receivedDocuments ?? 0);
    console.log(
      `  Meilisearch: ${durations.length} batches, documents per batch p50 ${percentile(documents, 0.5)}, time per batch p50 ${percentile(durations, 0.5).toFixed(0)} ms, p99 ${percentile(durations, 0.99).toFixed(0)} ms, max ${Math.max(...durations).toFixed(0)} ms`,
    );
  }

  // Bulk data straight into the feed, then the rebuild path indexes it.
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  // The bench user may not have posted through the API yet (BENCH_RATE=0).
  await db.query(
    `insert into feed.authors (id, handle, display_name) values ($1, $2, $3) on conflict (id) do nothing`,
    [user.id, user.handle, user.displayName],
  );
  await db.query(
    `insert into feed.posts (id, channel_id, kind, title, body, body_html, tags, author_id, score, answer_count, created_at, updated_at)
     select gen_random_uuid(), $1, case when i % 3 = 0 then 'question' else 'tip' end,
            'Bulk ' || (array[${WORDS.map((w) => `'${w}'`).join(',')}])[1 + i % 10] || ' note ' || i,
            'Body ' || i, '<p>Notes on ' || (array[${WORDS.map((w) => `'${w}'`).join(',')}])[1 + (i / 7)::int % 10] || ' number ' || i || '</p>',
            array['tag' || (i % 40)], $2, (i % 13), 0, now() - i * interval '1 minute', now() - i * interval '1 minute'
       from generate_series(1, $3) i`,
    [general.id, user.id, POSTS],
  );
  await db.query('analyze');
  await db.end();
  const nc = await connectNats({
    url: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
    name: 'bench-reindex',
  });
  const names = makeNames(stack.prefix);
  const searchDb = createDb<SearchDB>({ url: databaseUrl, max: 4 });
  const rebuildStarted = performance.now();
  const rebuilt = await reindex({
    db: searchDb,
    meili: new Meilisearch({ host: stack.meili.url, apiKey: stack.meili.key }),
    names,
    feed: rpcClient({ nc, names, service: 'feed', schemas: FeedRpc, timeoutMs: 60_000 }),
  });
  console.log(
    `\nReindexed ${rebuilt.posts.toLocaleString('en')} posts in ${((performance.now() - rebuildStarted) / 1000).toFixed(1)} s`,
  );
  await searchDb.destroy();
  await drainNats(nc);

  if (total > 0) {
    // Meilisearch's first commits after a 100,000-document rebuild are slow (seconds): the warm-up
    // writes take them, so the figures are those of a running instance.
    await measureWrites(RATE * WARMUP_SECONDS, false);
    await measureWrites(total);
  }

  // Searches are measured on a quiet index: Meilisearch done with every task (the rebuild's old
  // indexes being deleted, the last writes), then 3 s of unmeasured queries.
  for (;;) {
    const busy = (await (
      await fetch(`${stack.meili.url}/tasks?statuses=enqueued,processing&limit=1`, {
        headers: { authorization: `Bearer ${stack.meili.key}` },
      })
    ).json()) as { results: unknown[] };
    if (!busy.results.length) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  await autocannon({
    url: `${stack.url}/api/v1/search?q=warm`,
    connections: 20,
    duration: 3,
    headers: auth,
  });
  const QUERIES = ['kubernetes', 'observabilty', 'postgres latency'];
  const searchUrl = (q: string) => `${stack.url}/api/v1/search?q=${encodeURIComponent(q)}`;
  const processes = [
    ...['gateway', 'search'].map((name) => ({
      name,
      pid: stack.services.find((s) => s.name === name)?.pid,
    })),
    { name: 'Meilisearch', pid: await meiliPid() },
  ];
  const cpuNow = () => Promise.all(processes.map(async (p) => (p.pid ? cpuMillis(p.pid) : NaN)));
  const results = [];
  for (const query of QUERIES) {
    const cpuBefore = await cpuNow();
    const result = await autocannon({
      url: searchUrl(query),
      connections: 20,
      duration: SEARCH_SECONDS,
      headers: auth,
    });
    const cpuAfter = await cpuNow();
    results.push({
      query,
      rps: result.requests.average,
      p50: result.latency.p50,
      p90: result.latency.p90,
      p975: result.latency.p97_5,
      p99: result.latency.p99,
      errors: result.non2xx + result.errors,
      cpuPerRequest: cpuAfter.map((after, i) => (after - cpuBefore[i]!) / result.requests.total),
    });
  }
  console.log(
    `\nGET /search at concurrency 20 over ${(POSTS + total + RATE * WARMUP_SECONDS).toLocaleString('en')} posts, ${SEARCH_SECONDS} s each (target ≥ 1,500 req/s):`,
  );
  console.log(
    `| q | req/s | p50 ms | p90 ms | p97.5 ms | p99 ms | errors | ${processes.map((p) => `${p.name} CPU ms/req`).join(' | ')} |`,
  );
  console.log(`|---|---:|---:|---:|---:|---:|---:|${processes.map(() => '---:|').join('')}`);
  for (const r of results)
    console.log(
      `| ${r.query} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p90} | ${r.p975} | ${r.p99} | ${r.errors} | ${r.cpuPerRequest.map((c) => c.toFixed(2)).join(' | ')} |`,
    );

  const steady = await steadyLoad(QUERIES.map(searchUrl), auth, STEADY_RATE, STEADY_SECONDS);
  console.log(
    `\nGET /search at a steady ${STEADY_RATE} req/s for ${STEADY_SECONDS} s (the three queries in turn; target p95 ≤ 20 ms):`,
  );
  console.log(
    `  p50 ${percentile(steady.latencies, 0.5).toFixed(1)} ms, p95 ${percentile(steady.latencies, 0.95).toFixed(1)} ms, p99 ${percentile(steady.latencies, 0.99).toFixed(1)} ms, max ${Math.max(...steady.latencies).toFixed(1)} ms, ${steady.failed} failed`,
  );
} finally {
  await stack.stop();
}
