/**
 * Latency of one post through the system: from sending `POST /posts` to (a) the socket.io
 * `post:created` event on a subscribed client and (b) the post being found by `GET /search`.
 * Also reports each service's resident memory when idle.
 *
 *   pnpm bench                      # starts its own stack on database `outloud_bench`
 *   BENCH_ITERATIONS=100 pnpm bench
 *   BENCH_RATE=400 BENCH_SECONDS=60 pnpm bench   # sustained load instead (see post-rate.ts)
 */
import { readFile } from 'node:fs/promises';
import { io, type Socket } from 'socket.io-client';
import type {
  Channel,
  ClientToServerEvents,
  Post,
  SearchResponse,
  ServerToClientEvents,
} from '@outloud/contracts';
import { ApiClient } from '../support/api-client.js';
import { startBenchStack, type BenchStack } from './bench-stack.js';
import { runSustained } from './post-rate.js';

const iterations = Number(process.env.BENCH_ITERATIONS ?? 50);
/** Posts sent first and left out of the figures: a brand-new index is slow for its first writes. */
const warmup = Number(process.env.BENCH_WARMUP ?? 5);
const databaseUrl =
  process.env.BENCH_DATABASE_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/outloud_bench';

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { median: at(0.5), p95: at(0.95), min: sorted[0]!, max: sorted.at(-1)! };
}

const format = (s: ReturnType<typeof stats>) =>
  `median ${s.median.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms (min ${s.min.toFixed(1)}, max ${s.max.toFixed(1)})`;

async function rssMb(pid: number | undefined): Promise<string> {
  if (!pid) return '?';
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return Number.isFinite(kb) ? `${(kb / 1024).toFixed(0)} MB` : '?';
}

const stack = await startBenchStack({ databaseUrl, prefix: 'bench' });
try {
  if (process.env.BENCH_RATE) {
    await runSustained(stack, {
      rate: Number(process.env.BENCH_RATE),
      seconds: Number(process.env.BENCH_SECONDS ?? 60),
      authors: Number(process.env.BENCH_AUTHORS ?? 20),
      probeEvery: Number(process.env.BENCH_PROBE_EVERY ?? 40),
      databaseUrl,
    });
  } else {
    await measureLatency(stack);
  }
} finally {
  await stack.stop();
}

async function measureLatency(stack: BenchStack) {
  await new Promise((r) => setTimeout(r, 5_000));
  const idle = await Promise.all(
    stack.services.map(async (s) => `${s.name} ${await rssMb(s.pid)}`),
  );

  const client = new ApiClient(stack.url);
  await client.register();
  const general = (await client.request<{ items: Channel[] }>('GET', '/channels')).body.items.find(
    (c) => c.slug === 'general',
  )!;
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(stack.url, {
    transports: ['websocket'],
    extraHeaders: { cookie: client.cookie },
  });
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  socket.emit('channel:subscribe', { channelId: general.id });
  await new Promise((r) => setTimeout(r, 300));

  const arrivals = new Map<string, number>();
  socket.on('post:created', ({ post }) => arrivals.set(post.id, performance.now()));

  const toSocket: number[] = [];
  const toSearch: number[] = [];
  for (let i = 0; i < warmup + iterations; i++) {
    const word = `zq${i.toString(36)}x${Math.random().toString(36).slice(2, 7)}`;
    const started = performance.now();
    const { body } = await client.request<{ post: Post }>('POST', '/posts', {
      channelId: general.id,
      kind: 'tip',
      title: `Benchmark ${word}`,
      body: `Latency probe ${i}.`,
    });
    for (;;) {
      const result = await client.request<SearchResponse>('GET', `/search?q=${word}`);
      if (result.body.hits.some((h) => h.id === body.post.id)) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    const searchable = performance.now() - started;
    while (!arrivals.has(body.post.id)) await new Promise((r) => setTimeout(r, 1));
    if (i < warmup) continue;
    toSearch.push(searchable);
    toSocket.push(arrivals.get(body.post.id)! - started);
  }
  socket.disconnect();

  console.log(
    `Outloud post latency over ${iterations} posts after ${warmup} warm-up posts (from sending POST /posts):`,
  );
  console.log(`  socket post:created  ${format(stats(toSocket))}`);
  console.log(`  searchable           ${format(stats(toSearch))}`);
  console.log(`Idle RSS: ${idle.join(', ')}`);
  if (process.env.BENCH_VERBOSE) {
    console.log(`search samples: ${toSearch.map((v) => v.toFixed(0)).join(' ')}`);
    const tasks = (await (
      await fetch(`${stack.meili.url}/tasks?types=documentAdditionOrUpdate&limit=100`, {
        headers: { authorization: `Bearer ${stack.meili.key}` },
      })
    ).json()) as {
      results: { uid: number; enqueuedAt: string; startedAt: string; finishedAt: string }[];
    };
    const slow = tasks.results
      .map((t) => ({
        uid: t.uid,
        wait: Date.parse(t.startedAt) - Date.parse(t.enqueuedAt),
        run: Date.parse(t.finishedAt) - Date.parse(t.startedAt),
      }))
      .filter((t) => t.wait + t.run > 200);
    console.log(`slow Meilisearch tasks: ${JSON.stringify(slow)}`);
  }
}
