/**
 * Live fan-out: socket.io clients subscribed to one channel; for each post, the time from sending
 * `POST /posts` to its `post:created` event at every client (p50, p99, max over all receipts),
 * the CPU the gateway and the clients spent per post, and the gateway's resident memory.
 *
 *   pnpm bench:live                                 # 1,000 sockets, database `outloud_bench`
 *   BENCH_CLIENTS=5000 BENCH_PEOPLE=500 pnpm bench:live
 *
 * The clients run in `BENCH_CLIENT_PROCESSES` child processes (default: one per 1,000 sockets),
 * on the same cores as every service: one event loop decoding thousands of copies of each event
 * would measure the load generator, not the gateway.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import type { Channel, Post } from '@outloud/contracts';
import { ApiClient } from '../support/api-client.js';
import { startBenchStack } from './bench-stack.js';
import { sharedClock, type ClientsCommand, type ClientsReply } from './live-fanout-clients.js';

const clients = Number(process.env.BENCH_CLIENTS ?? 1000);
/** Sockets are spread over this many people (each may have several tabs open). */
const people = Number(process.env.BENCH_PEOPLE ?? 100);
const posts = Number(process.env.BENCH_POSTS ?? 30);
const gapMs = Number(process.env.BENCH_GAP_MS ?? 500);
const processes = Number(process.env.BENCH_CLIENT_PROCESSES ?? Math.ceil(clients / 1000));
const databaseUrl =
  process.env.BENCH_DATABASE_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/outloud_bench';

async function procStatus(pid: number | undefined): Promise<string> {
  return pid ? readFile(`/proc/${pid}/status`, 'utf8').catch(() => '') : '';
}

async function rssMb(pid: number | undefined): Promise<string> {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(await procStatus(pid))?.[1] ?? NaN);
  return Number.isFinite(kb) ? `${(kb / 1024).toFixed(0)} MB` : '?';
}

/** CPU time (user + system) a process has used so far, in milliseconds (10 ms resolution). */
async function cpuMsOf(pid: number | undefined): Promise<number> {
  const stat = pid ? await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '') : '';
  // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** A forked client process and a way to ask it one thing at a time. */
function startClients(): {
  child: ChildProcess;
  ask: (c: ClientsCommand) => Promise<ClientsReply>;
} {
  const child = fork(new URL('./live-fanout-clients.ts', import.meta.url), [], {
    execArgv: ['--conditions=development', '--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ask = (command: ClientsCommand) =>
    new Promise<ClientsReply>((resolve, reject) => {
      child.once('message', (reply: ClientsReply) =>
        reply.kind === 'failed' ? reject(new Error(reply.message)) : resolve(reply),
      );
      child.send(command);
    });
  return { child, ask };
}

const stack = await startBenchStack({ databaseUrl, prefix: 'bench' });
const children: ReturnType<typeof startClients>[] = [];
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

  const cookies = Array.from({ length: clients }, (_, i) => readers[i % readers.length]!.cookie);
  const perProcess = Math.ceil(clients / processes);
  for (let i = 0; i < clients; i += perProcess) {
    children.push(startClients());
  }
  const connectStarted = performance.now();
  await Promise.all(
    children.map(({ ask }, i) =>
      ask({
        kind: 'open',
        url: stack.url,
        cookies: cookies.slice(i * perProcess, (i + 1) * perProcess),
        channelId: general.id,
      }),
    ),
  );
  const connectSeconds = (performance.now() - connectStarted) / 1000;
  await new Promise((r) => setTimeout(r, 1_000));
  const rssConnected = await rssMb(gateway?.pid);

  const cpuOfClients = async () => {
    let total = 0;
    for (const { ask } of children) {
      const reply = await ask({ kind: 'report' });
      if (reply.kind === 'report') total += reply.cpuMs;
    }
    return total;
  };
  const gatewayCpuBefore = await cpuMsOf(gateway?.pid);
  const clientsCpuBefore = await cpuOfClients();

  const sentAt = new Map<string, number>();
  for (let i = 0; i < posts; i++) {
    const started = sharedClock();
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
  const gatewayCpu = (await cpuMsOf(gateway?.pid)) - gatewayCpuBefore;
  const rssAfter = await rssMb(gateway?.pid);

  const receipts = new Map<string, number[]>();
  let clientsCpu = -clientsCpuBefore;
  for (const { ask } of children) {
    const reply = await ask({ kind: 'report' });
    if (reply.kind !== 'report') continue;
    clientsCpu += reply.cpuMs;
    for (const [postId, times] of reply.receipts) {
      receipts.set(postId, [...(receipts.get(postId) ?? []), ...times]);
    }
  }

  const latencies: number[] = [];
  const firsts: number[] = [];
  const spreads: number[] = [];
  let missing = 0;
  for (const [postId, started] of sentAt) {
    const times = receipts.get(postId) ?? [];
    missing += clients - times.length;
    for (const t of times) latencies.push(t - started);
    if (!times.length) continue;
    const first = Math.min(...times);
    firsts.push(first - started);
    spreads.push(Math.max(...times) - first);
  }
  for (const list of [latencies, firsts, spreads]) list.sort((a, b) => a - b);
  const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
  console.log(
    `${clients} sockets (${people} people, ${children.length} client processes) subscribed to ` +
      `one channel in ${connectSeconds.toFixed(1)} s; ${posts} posts ${gapMs} ms apart`,
  );
  console.log(
    `POST /posts → post:created at every client: p50 ${fmt(percentile(latencies, 0.5))}, ` +
      `p99 ${fmt(percentile(latencies, 0.99))}, max ${fmt(latencies.at(-1) ?? NaN)} ` +
      `(${latencies.length} receipts, ${missing} missing)`,
  );
  console.log(
    `  first socket p50 ${fmt(percentile(firsts, 0.5))}; first → last socket p50 ` +
      `${fmt(percentile(spreads, 0.5))}, p99 ${fmt(percentile(spreads, 0.99))}`,
  );
  console.log(
    `CPU per post: gateway ${fmt(gatewayCpu / posts)} (POST included, ` +
      `${((gatewayCpu / posts / clients) * 1000).toFixed(1)} µs per socket), ` +
      `clients ${fmt(clientsCpu / posts)} (${((clientsCpu / posts / clients) * 1000).toFixed(1)} µs per socket)`,
  );
  console.log(
    `gateway RSS: ${rssBefore} before sockets, ${rssConnected} with ${clients} sockets, ${rssAfter} after the posts`,
  );
} finally {
  for (const { child } of children) {
    if (child.connected) child.send({ kind: 'close' } satisfies ClientsCommand);
  }
  await stack.stop();
}
