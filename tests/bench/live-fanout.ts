/**
 * Live fan-out: 1,000 socket.io clients subscribed to one channel; for each post, the time from
 * sending `POST /posts` to its `post:created` event at every client (p50, p99, max over all
 * receipts), and the gateway's resident memory with those sockets open.
 *
 *   pnpm bench:live                          # starts its own stack on database `outloud_bench`
 *   BENCH_CLIENTS=2000 BENCH_POSTS=50 pnpm bench:live
 *
 * The clients run in this process, on the same cores as every service.
 */
import { readFile } from 'node:fs/promises';
import { io, type Socket } from 'socket.io-client';
import type { Channel, ClientToServerEvents, Post, ServerToClientEvents } from '@outloud/contracts';
import { ApiClient } from '../support/api-client.js';
import { startBenchStack } from './bench-stack.js';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const clients = Number(process.env.BENCH_CLIENTS ?? 1000);
/** Sockets are spread over this many people (each may have several tabs open). */
const people = Number(process.env.BENCH_PEOPLE ?? 100);
const posts = Number(process.env.BENCH_POSTS ?? 30);
const gapMs = Number(process.env.BENCH_GAP_MS ?? 500);
const databaseUrl =
  process.env.BENCH_DATABASE_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/outloud_bench';

async function rssMb(pid: number | undefined): Promise<string> {
  if (!pid) return '?';
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return Number.isFinite(kb) ? `${(kb / 1024).toFixed(0)} MB` : '?';
}

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

const stack = await startBenchStack({ databaseUrl, prefix: 'bench' });
const sockets: ClientSocket[] = [];
try {
  const gateway = stack.services.find((s) => s.name === 'gateway');
  const author = new ApiClient(stack.url);
  await author.register();
  const general = (await author.request<{ items: Channel[] }>('GET', '/channels')).body.items.find(
    (c) => c.slug === 'general',
  )!;

  const readers: ApiClient[] = [];
  for (let i = 0; i < people; i += 10) {
    const batch = Array.from({ length: Math.min(10, people - i) }, () => new ApiClient(stack.url));
    await Promise.all(batch.map((c) => c.register()));
    readers.push(...batch);
  }
  const rssBefore = await rssMb(gateway?.pid);

  /** Per post id, the receipt time at each client. */
  const receipts = new Map<string, number[]>();
  for (let i = 0; i < clients; i += 100) {
    const batch = Array.from({ length: Math.min(100, clients - i) }, (_, j) => {
      const reader = readers[(i + j) % readers.length]!;
      const socket: ClientSocket = io(stack.url, {
        transports: ['websocket'],
        extraHeaders: { cookie: reader.cookie },
        reconnection: false,
      });
      socket.on('post:created', ({ post }) => {
        const now = performance.now();
        let list = receipts.get(post.id);
        if (!list) receipts.set(post.id, (list = []));
        list.push(now);
      });
      sockets.push(socket);
      return new Promise<void>((resolve, reject) => {
        socket.once('connect', () => {
          socket.emit('channel:subscribe', { channelId: general.id });
          resolve();
        });
        socket.once('connect_error', reject);
      });
    });
    await Promise.all(batch);
  }
  await new Promise((r) => setTimeout(r, 2_000));
  const rssConnected = await rssMb(gateway?.pid);

  const sentAt = new Map<string, number>();
  for (let i = 0; i < posts; i++) {
    const started = performance.now();
    const created = await author.request<{ post: Post }>('POST', '/posts', {
      channelId: general.id,
      kind: 'tip',
      title: `Live fan-out ${i}`,
      body: 'Measuring how fast every open page hears about a new post.',
    });
    if (created.status !== 201) throw new Error(`post failed: ${created.status}`);
    sentAt.set(created.body.post.id, started);
    await new Promise((r) => setTimeout(r, gapMs));
  }
  await new Promise((r) => setTimeout(r, 3_000));
  const rssAfter = await rssMb(gateway?.pid);

  const latencies: number[] = [];
  let missing = 0;
  for (const [postId, started] of sentAt) {
    const times = receipts.get(postId) ?? [];
    missing += clients - times.length;
    for (const t of times) latencies.push(t - started);
  }
  latencies.sort((a, b) => a - b);
  const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
  console.log(
    `${clients} sockets (${people} people) subscribed to one channel, ${posts} posts ${gapMs} ms apart`,
  );
  console.log(
    `POST /posts → post:created at every client: p50 ${fmt(percentile(latencies, 0.5))}, ` +
      `p99 ${fmt(percentile(latencies, 0.99))}, max ${fmt(latencies.at(-1) ?? NaN)} ` +
      `(${latencies.length} receipts, ${missing} missing)`,
  );
  console.log(
    `gateway RSS: ${rssBefore} before sockets, ${rssConnected} with ${clients} sockets, ${rssAfter} after the posts`,
  );
} finally {
  for (const socket of sockets) socket.close();
  await stack.stop();
}
