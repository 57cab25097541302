/**
 * A subscription flood against other readers: `GET /feed` latency (autocannon, 10 connections,
 * 10 s) with no socket traffic, then again while one person's socket emits `post:subscribe` with
 * random ids as fast as it can (reconnecting at once each time the gateway disconnects it).
 *
 *   pnpm bench:flood                          # starts its own stack on database `outloud_bench_flood`
 *   BENCH_SECONDS=20 BENCH_POSTS=500 pnpm bench:flood
 *
 * The flooding client runs in its own process (at low priority, as if on another machine; it
 * still shares the cores with every service), autocannon in this one.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { setImmediate as nextTick } from 'node:timers/promises';
import autocannon from 'autocannon';
import { io, type Socket } from 'socket.io-client';
import type { Channel, ClientToServerEvents, ServerToClientEvents } from '@outloud/contracts';
import { ApiClient } from '../support/api-client.js';
import { startBenchStack } from './bench-stack.js';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 10;
const POSTS = Number(process.env.BENCH_POSTS ?? 200);
const databaseUrl =
  process.env.BENCH_DATABASE_URL ??
  'postgres://postgres:postgres@127.0.0.1:5432/outloud_bench_flood';

interface Figures {
  label: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
}

async function feedLoad(label: string, url: string, token: string): Promise<Figures> {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: SECONDS,
    headers: { authorization: `Bearer ${token}` },
  });
  return {
    label,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.non2xx + result.errors,
  };
}

/** One socket (reconnecting when dropped) emitting `post:subscribe` with random ids non-stop. */
function flood(url: string, cookie: string, onFirstConnect: () => void = () => undefined) {
  const counts = { sent: 0, errors: 0, rateLimited: 0, disconnects: 0, refusedConnects: 0 };
  let running = true;
  let current: ClientSocket | undefined;
  const connect = () => {
    const socket: ClientSocket = io(url, {
      transports: ['websocket'],
      extraHeaders: { cookie },
      reconnection: false,
    });
    current = socket;
    socket.on('error', ({ code }) => {
      counts.errors++;
      if (code === 'rate_limited') counts.rateLimited++;
    });
    socket.on('connect', () => {
      onFirstConnect();
      onFirstConnect = () => undefined;
      void (async () => {
        while (running && socket.connected) {
          for (let i = 0; i < 100; i++) socket.emit('post:subscribe', { postId: randomUUID() });
          counts.sent += 100;
          await nextTick();
        }
      })();
    });
    socket.on('disconnect', () => {
      counts.disconnects++;
      if (running) connect();
    });
    socket.on('connect_error', () => {
      counts.refusedConnects++;
      if (running) setTimeout(connect, 10);
    });
  };
  connect();
  return {
    counts,
    stop() {
      running = false;
      current?.close();
    },
  };
}

/** This file run as the flooding client (`--flood <url>`, cookie in BENCH_FLOOD_COOKIE). */
if (process.argv[2] === '--flood') {
  const attack = flood(process.argv[3]!, process.env.BENCH_FLOOD_COOKIE ?? '', () =>
    process.stdout.write('flooding\n'),
  );
  process.once('SIGTERM', () => {
    attack.stop();
    process.stdout.write(`${JSON.stringify(attack.counts)}\n`, () => process.exit(0));
  });
  await new Promise(() => undefined);
}

/** Starts the flooding client in a child process; `stop()` ends it and returns its counts. */
function floodProcess(url: string, cookie: string) {
  const child = spawn(
    'nice',
    [
      '-n',
      '19',
      process.execPath,
      '--conditions=development',
      '--import',
      'tsx',
      fileURLToPath(import.meta.url),
      '--flood',
      url,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, BENCH_FLOOD_COOKIE: cookie } },
  );
  let output = '';
  let markStarted: () => void = () => undefined;
  const started = new Promise<void>((resolve) => (markStarted = resolve));
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    if (output.includes('flooding\n')) markStarted();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    /** Resolves once the client's first socket is connected and flooding. */
    started,
    async stop(): Promise<ReturnType<typeof flood>['counts']> {
      child.kill('SIGTERM');
      await exited;
      const last = output.trim().split('\n').at(-1) ?? '';
      if (!last.startsWith('{')) throw new Error('the flooding client reported no counts');
      return JSON.parse(last) as ReturnType<typeof flood>['counts'];
    },
  };
}

const stack = await startBenchStack({ databaseUrl, prefix: 'benchflood' });
try {
  const author = new ApiClient(stack.url);
  await author.register();
  const general = (await author.request<{ items: Channel[] }>('GET', '/channels')).body.items.find(
    (c) => c.slug === 'general',
  )!;
  for (let i = 0; i < POSTS; i++) {
    const created = await author.request('POST', '/posts', {
      channelId: general.id,
      kind: i % 3 === 0 ? 'question' : 'tip',
      title: `Flood bench post ${i}`,
      body: `Something worth sharing, number ${i}.`,
    });
    if (created.status !== 201) throw new Error(`post failed: ${created.status}`);
  }
  const reader = new ApiClient(stack.url);
  await reader.register();
  const { body: token } = await reader.request<{ token: string }>('POST', '/tokens', {
    name: 'bench',
  });
  const flooder = new ApiClient(stack.url);
  await flooder.register();

  const feedUrl = `${stack.url}/api/v1/feed?sort=new`;
  const runs: Figures[] = [];
  runs.push(await feedLoad('GET /feed, no socket traffic', feedUrl, token.token));
  const attack = floodProcess(stack.url, flooder.cookie);
  await attack.started;
  runs.push(await feedLoad('GET /feed, one socket flooding post:subscribe', feedUrl, token.token));
  const counts = await attack.stop();

  console.log(`\n${POSTS} posts; autocannon ${CONNECTIONS} connections, ${SECONDS} s each:`);
  console.log('| run | req/s | p50 ms | p99 ms | errors |');
  console.log('|---|---:|---:|---:|---:|');
  for (const r of runs)
    console.log(
      `| ${r.label} | ${r.requestsPerSecond.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.errors} |`,
    );
  const { sent, errors, rateLimited, disconnects, refusedConnects } = counts;
  console.log(
    `\nFlooding socket: ${sent.toLocaleString('en')} post:subscribe sent, ${errors.toLocaleString('en')} ` +
      `error events (${rateLimited.toLocaleString('en')} rate_limited), disconnected ${disconnects} times, ` +
      `${refusedConnects.toLocaleString('en')} reconnection attempts refused`,
  );
} finally {
  await stack.stop();
}
