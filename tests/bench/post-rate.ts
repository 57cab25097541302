/**
 * `POST /posts` at a fixed offered rate for a fixed time (open loop: a slow answer never slows
 * the sender), then a check that nothing accepted was lost: every 201 must be in the database, in
 * the search index, and notified to a person who follows the channel. Also samples how long a post
 * takes to become searchable over `GET /search` while the load runs, and the CPU each process
 * spent per accepted post (from /proc, so the figure does not depend on how busy the machine is).
 */
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import type { Channel, Post, SearchResponse } from '@outloud/contracts';
import { ApiClient } from '../support/api-client.js';
import type { BenchStack } from './bench-stack.js';

export interface SustainedOptions {
  rate: number;
  seconds: number;
  /** People posting in turn (each request comes from the next one). */
  authors: number;
  /** One post in this many is followed until it is searchable. */
  probeEvery: number;
  databaseUrl: string;
}

const CLOCK_TICKS_PER_SECOND = 100;
/** How long accepted posts may take to arrive everywhere after the load stops. */
const SETTLE_MS = 60_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function quantile(samples: number[], q: number): number {
  if (!samples.length) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** CPU time (user + system, ms) a process has used so far; 0 when it is gone. */
async function cpuMs(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11] ?? 0) + Number(fields[12] ?? 0);
  return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
}

/** The Postgres backends serving this database (the services' pools), by pid. */
async function backendPids(db: pg.Client): Promise<number[]> {
  const { rows } = await db.query<{ pid: number }>(
    'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
  );
  return rows.map((r) => r.pid);
}

async function cpuOf(processes: Map<string, number[]>): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const [name, pids] of processes) {
    let total = 0;
    for (const pid of pids) total += await cpuMs(pid);
    out.set(name, total);
  }
  return out;
}

export async function runSustained(stack: BenchStack, options: SustainedOptions): Promise<void> {
  const { rate, seconds } = options;
  const db = new pg.Client({ connectionString: options.databaseUrl });
  await db.connect();
  try {
    const authors = await Promise.all(
      Array.from({ length: options.authors }, async () => {
        const client = new ApiClient(stack.url);
        await client.register();
        return client;
      }),
    );
    const watcher = new ApiClient(stack.url);
    await watcher.register();
    const general = (
      await watcher.request<{ items: Channel[] }>('GET', '/channels')
    ).body.items.find((c) => c.slug === 'general')!;
    const followed = await watcher.request('PUT', '/follows', {
      targetType: 'channel',
      target: general.id,
    });
    if (followed.status !== 204) throw new Error(`follow failed: ${followed.status}`);
    // Let the follow reach the notification service before the load starts.
    await sleep(2_000);

    const processes = new Map<string, number[]>(
      stack.services.flatMap((s) => (s.pid ? [[s.name, [s.pid]] as [string, number[]]] : [])),
    );
    processes.set('postgres', await backendPids(db));
    const cpuBefore = await cpuOf(processes);

    const accepted: string[] = [];
    const statuses = new Map<number, number>();
    const postLatency: number[] = [];
    const toSearch: number[] = [];
    const probes: Promise<void>[] = [];
    const probe = async (word: string, id: string, started: number) => {
      const deadline = started + 30_000;
      while (performance.now() < deadline) {
        const result = await watcher.request<SearchResponse>('GET', `/search?q=${word}`);
        if (result.body?.hits?.some((h) => h.id === id)) {
          toSearch.push(performance.now() - started);
          return;
        }
        await sleep(50);
      }
      toSearch.push(Infinity);
    };
    const send = async (i: number) => {
      const word = `zr${i.toString(36)}x${Math.random().toString(36).slice(2, 7)}`;
      const started = performance.now();
      const result = await authors[i % authors.length]!.request<{ post: Post }>('POST', '/posts', {
        channelId: general.id,
        kind: 'tip',
        title: `Sustained ${word}`,
        body: `Load probe ${i} with a little **Markdown** and a [link](https://example.com/${i}).`,
      }).catch(() => ({ status: 0, body: undefined }));
      postLatency.push(performance.now() - started);
      statuses.set(result.status, (statuses.get(result.status) ?? 0) + 1);
      if (result.status !== 201 || !result.body) return;
      accepted.push(result.body.post.id);
      if (i % options.probeEvery === 0) probes.push(probe(word, result.body.post.id, started));
    };

    const total = Math.round(rate * seconds);
    const inFlight = new Set<Promise<void>>();
    const began = performance.now();
    for (let i = 0; i < total; i++) {
      const due = began + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 1) await sleep(wait);
      const request = send(i);
      inFlight.add(request);
      void request.finally(() => inFlight.delete(request));
    }
    const sentIn = (performance.now() - began) / 1000;
    await Promise.all(inFlight);
    const answeredIn = (performance.now() - began) / 1000;
    const cpuAfter = await cpuOf(processes);
    await Promise.all(probes);

    // Lost: accepted, but missing from the database, the index or the follower's notifications.
    const ids = accepted;
    const settleBy = performance.now() + SETTLE_MS;
    const count = async (query: string, params: unknown[]) =>
      Number((await db.query<{ n: string }>(query, params)).rows[0]!.n);
    const inDb = await count('select count(*) as n from feed.posts where id = any($1::uuid[])', [
      ids,
    ]);
    let notified = 0;
    while (performance.now() < settleBy) {
      notified = await count(
        `select count(distinct post_id) as n from notify.notifications
          where recipient_id = $1 and type = 'followed_post' and post_id = any($2::uuid[])`,
        [watcher.user!.id, ids],
      );
      if (notified === ids.length) break;
      await sleep(500);
    }
    const indexed = await waitIndexed(stack, new Set(ids), settleBy);

    const line = (label: string, value: string) => console.log(`  ${label.padEnd(22)} ${value}`);
    console.log(
      `Outloud POST /posts offered at ${rate}/s for ${seconds} s (${total} posts from ${options.authors} people, one channel):`,
    );
    line('sent in', `${sentIn.toFixed(1)} s; all answered after ${answeredIn.toFixed(1)} s`);
    line(
      'answers',
      [...statuses]
        .sort(([a], [b]) => a - b)
        .map(([status, n]) => `${status || 'network error'}: ${n}`)
        .join(', '),
    );
    line('accepted', `${ids.length} (${(ids.length / answeredIn).toFixed(0)}/s)`);
    line('rejected', `${total - ids.length}`);
    line(
      'lost',
      `${ids.length - inDb} not in the database, ${ids.length - indexed} not searchable, ${ids.length - notified} not notified (after ${SETTLE_MS / 1000} s to settle)`,
    );
    line(
      'POST latency',
      `p50 ${quantile(postLatency, 0.5).toFixed(0)} ms, p99 ${quantile(postLatency, 0.99).toFixed(0)} ms`,
    );
    line(
      'post → searchable',
      `p50 ${quantile(toSearch, 0.5).toFixed(0)} ms, p99 ${quantile(toSearch, 0.99).toFixed(0)} ms (${toSearch.length} probes over GET /search)`,
    );
    const perPost = [...cpuAfter].map(([name, after]) => {
      const spent = after - (cpuBefore.get(name) ?? 0);
      return `${name} ${ids.length ? (spent / ids.length).toFixed(2) : '?'}`;
    });
    line('CPU ms per post', `${perPost.join(', ')} (while sending; consumers may lag)`);
  } finally {
    await db.end();
  }
}

/** How many of `ids` the posts index holds, waiting until all are there or `deadline`. */
async function waitIndexed(stack: BenchStack, ids: Set<string>, deadline: number) {
  const headers = { authorization: `Bearer ${stack.meili.key}` };
  const { results } = (await (await fetch(`${stack.meili.url}/indexes`, { headers })).json()) as {
    results: { uid: string }[];
  };
  const index = results.find((i) => i.uid.startsWith(stack.prefix) && i.uid.endsWith('posts'));
  if (!index) throw new Error('no posts index');
  let found = 0;
  for (;;) {
    found = 0;
    for (let offset = 0; ; offset += 10_000) {
      const page = (await (
        await fetch(
          `${stack.meili.url}/indexes/${index.uid}/documents?fields=id&limit=10000&offset=${offset}`,
          { headers },
        )
      ).json()) as { results: { id: string }[] };
      for (const doc of page.results) if (ids.has(doc.id)) found++;
      if (page.results.length < 10_000) break;
    }
    if (found === ids.size || performance.now() > deadline) return found;
    await sleep(1_000);
  }
}
