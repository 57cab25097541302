/**
 * Every benchmark in one go: Fastify's hello world first (the machine's ceiling in this run), then
 * idle memory, `POST /posts` latency and a sustained 400 posts/s, `GET /feed` at 1,000 and 100,000
 * posts, search, live fan-out and scale-out (one against two instances of everything). Prints one
 * table and writes it, with the machine and each benchmark's own output, to docs/PERFORMANCE.md.
 *
 *   pnpm bench:all                  # full sizes: takes a while, run it on a quiet machine
 *   BENCH_QUICK=1 pnpm bench:all    # small data, short runs: checks that everything works
 *
 * Each benchmark runs as its own process (its CLI, its own stack), so none inherits another's
 * warm caches or memory; the figures are read from what it prints.
 */
import { execFile, spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import autocannon from 'autocannon';
import { buildServer } from './bench-stack.js';
import { benchIdleMemory, formatIdleMemory } from './idle-memory.js';
import { benchScaleOut, formatScaleOut } from './scale-out.js';

const QUICK = process.env.BENCH_QUICK === '1';
const SECONDS = QUICK ? 3 : 10;
const root = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

interface Row {
  measure: string;
  outloud: string;
  hello: string;
  target: string;
}

/** Runs one benchmark's CLI to its end and returns what it printed. */
async function runBench(script: string, env: Record<string, string>): Promise<string> {
  const child = spawn(
    process.execPath,
    ['--conditions=development', '--import', 'tsx', `tests/bench/${script}`],
    // The build ran once, before the first benchmark.
    {
      cwd: root,
      env: { ...process.env, BENCH_BUILD: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  if (code !== 0) output += `\n(${script} exited with code ${code})`;
  return output;
}

/** Cells of the first markdown table row whose first cell starts with `label`. */
function tableRow(output: string, label: string): string[] | undefined {
  const line = output
    .split('\n')
    .find((l) => l.startsWith('|') && l.slice(1).trim().startsWith(label));
  return line
    ?.split('|')
    .slice(1, -1)
    .map((cell) => cell.trim());
}

const UNREAD = 'see its output below';
const hz = (value: number) => `${Math.round(value).toLocaleString('en')} req/s`;

async function helloWorld(connections: number): Promise<{ rps: number; p99: number }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL('./hello-server.ts', import.meta.url))],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  try {
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        const match = /listening (\S+)/.exec(chunk.toString());
        if (match) resolve(match[1]!);
      });
      child.once('exit', () => reject(new Error('hello-world server exited')));
    });
    const result = await autocannon({ url, connections, duration: SECONDS });
    return { rps: result.requests.average, p99: result.latency.p99 };
  } finally {
    child.kill('SIGTERM');
  }
}

async function versionOf(command: string, args: string[], pattern: RegExp): Promise<string> {
  try {
    const { stdout, stderr } = await run(command, args, { cwd: root });
    return pattern.exec(stdout + stderr)?.[1] ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

async function machine(): Promise<string> {
  const cpus = os.cpus();
  const postgres = await versionOf(
    'psql',
    [
      process.env.BENCH_DATABASE_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/postgres',
      '-Atc',
      'show server_version',
    ],
    /^(\S+)/,
  );
  const nats = await fetch('http://127.0.0.1:8222/varz')
    .then(async (r) => ((await r.json()) as { version: string }).version)
    .catch(() => 'unknown (no monitoring port)');
  // The binary package's version is `<package>-<Meilisearch>`.
  const meiliPackage = JSON.parse(
    await readFile(new URL('../../packages/meili/package.json', import.meta.url), 'utf8'),
  ) as { dependencies: Record<string, string> };
  const meili =
    Object.entries(meiliPackage.dependencies)
      .find(([name]) => name.includes('meilisearch-linux'))?.[1]
      .split('-')
      .at(-1) ?? 'unknown';
  return [
    `- CPU: ${cpus.length} cores, ${cpus[0]?.model ?? 'unknown model'}`,
    `- Memory: ${(os.totalmem() / 2 ** 30).toFixed(1)} GB`,
    `- Node.js ${process.versions.node}, PostgreSQL ${postgres}, NATS ${nats}, Meilisearch ${meili}`,
    `- Every process (services, databases, load generator) on the same cores.`,
  ].join('\n');
}

const started = new Date();
await buildServer();
const outputs: { title: string; output: string }[] = [];
const rows: Row[] = [];

const hello50 = await helloWorld(50);
const hello20 = await helloWorld(20);
const beside50 = `${hz(hello50.rps)}, p99 ${hello50.p99} ms`;
const beside20 = `${hz(hello20.rps)}, p99 ${hello20.p99} ms`;
console.log(`Fastify hello world: c=50 ${beside50}; c=20 ${beside20}`);

const memory = await benchIdleMemory();
outputs.push({ title: 'Idle memory', output: formatIdleMemory(memory) });
rows.push({
  measure: 'idle memory, five services (RSS sum; shared node binary once)',
  outloud: `${memory.totalMb.toFixed(0)} MB; ${memory.footprintMb.toFixed(0)} MB`,
  hello: '-',
  target: '≤ 400 MB',
});

const post = await runBench(
  'post-latency.ts',
  QUICK ? { BENCH_ITERATIONS: '10', BENCH_WARMUP: '2' } : {},
);
outputs.push({ title: 'POST /posts latency (pnpm bench)', output: post });
const searchable = /searchable\s+median ([\d.]+) ms, p95 ([\d.]+) ms/.exec(post);
rows.push({
  measure: 'POST /posts → searchable, one at a time (median, p95)',
  outloud: searchable ? `${searchable[1]} ms, ${searchable[2]} ms` : UNREAD,
  hello: '-',
  target: 'p99 ≤ 2 s at 400 posts/s',
});

const rate = QUICK ? 50 : 400;
const sustained = await runBench('post-latency.ts', {
  BENCH_RATE: String(rate),
  BENCH_SECONDS: QUICK ? '5' : '60',
});
outputs.push({
  title: `POST /posts offered at ${rate}/s (BENCH_RATE=${rate} pnpm bench)`,
  output: sustained,
});
const accepted = /accepted\s+(\d+) \((\d+)\/s\)/.exec(sustained);
const rejected = /rejected\s+(\d+)/.exec(sustained);
const lost = /lost\s+(\d+) not in the database, (\d+) not searchable, (\d+) not notified/.exec(
  sustained,
);
// "Infinity" when a probe never became searchable within the run.
const toSearch = /post → searchable\s+p50 (\d+|Infinity) ms, p99 (\d+|Infinity) ms/.exec(sustained);
rows.push({
  measure: `POST /posts offered at ${rate}/s for ${QUICK ? 5 : 60} s: accepted, refused, lost, → searchable p99`,
  outloud:
    accepted && rejected && lost && toSearch
      ? `${accepted[2]}/s (${accepted[1]}), ${rejected[1]} refused, ${Number(lost[1]) + Number(lost[2]) + Number(lost[3])} lost, ${toSearch[2] === 'Infinity' ? 'not all within the run' : `${toSearch[2]} ms`}`
      : UNREAD,
  hello: '-',
  target: '≥ 400 posts/s, 0 lost, p99 ≤ 2 s',
});

for (const posts of QUICK ? [1_000, 5_000] : [1_000, 100_000]) {
  const feed = await runBench('feed-load.ts', {
    BENCH_POSTS: String(posts),
    BENCH_SECONDS: String(SECONDS),
  });
  outputs.push({
    title: `GET /feed, ${posts.toLocaleString('en')} posts (pnpm bench:feed)`,
    output: feed,
  });
  const row = tableRow(feed, 'GET /feed sort=new');
  rows.push({
    measure: `GET /feed sort=new, c=50, ${posts.toLocaleString('en')} posts`,
    outloud: row ? `${hz(Number(row[1]))}, p99 ${row[3]} ms` : UNREAD,
    hello: beside50,
    target: posts <= 1_000 ? '≥ 3,000 req/s, p99 ≤ 50 ms' : '≥ 2,500 req/s',
  });
}

const search = await runBench(
  'search-load.ts',
  QUICK
    ? { BENCH_POSTS: '5000', BENCH_RATE: '50', BENCH_SECONDS: '3', BENCH_WARMUP_SECONDS: '1' }
    : {},
);
outputs.push({ title: 'GET /search (pnpm bench:search)', output: search });
const searchRow = tableRow(search, 'kubernetes');
rows.push({
  measure: `GET /search, c=20, ${QUICK ? '5,000' : '100,000'} posts`,
  outloud: searchRow ? `${hz(Number(searchRow[1]))}, p50 ${searchRow[2]} ms` : UNREAD,
  hello: beside20,
  target: '≥ 1,500 req/s; p95 ≤ 20 ms at 100 req/s',
});

const live = await runBench(
  'live-fanout.ts',
  QUICK
    ? { BENCH_CLIENTS: '200', BENCH_PEOPLE: '20', BENCH_POSTS: '5' }
    : { BENCH_CLIENTS: '5000', BENCH_PEOPLE: '500' },
);
outputs.push({ title: 'Live fan-out (pnpm bench:live)', output: live });
const fanout = /(\d[\d,]*) sockets[\s\S]*?p50 ([\d.]+) ms, p99 ([\d.]+) ms/.exec(live);
rows.push({
  measure: `live fan-out, ${QUICK ? 200 : 5_000} sockets (p50, p99)`,
  outloud: fanout ? `${fanout[2]} ms, ${fanout[3]} ms` : UNREAD,
  hello: '-',
  target: '5,000 sockets p99 ≤ 150 ms',
});

const scale = await benchScaleOut({ seconds: SECONDS });
outputs.push({ title: 'Scale-out', output: formatScaleOut(scale) });
rows.push({
  measure: 'GET /feed c=50: one → two of every service and gateway',
  outloud: `${hz(scale.one.rps)} → ${hz(scale.two.rps)}`,
  hello: beside50,
  target: 'more when cores allow (2 cores here)',
});

const table = [
  '| measure | Outloud | Fastify hello world, same run | target |',
  '|---|---|---|---|',
  ...rows.map((r) => `| ${r.measure} | ${r.outloud} | ${r.hello} | ${r.target} |`),
].join('\n');
console.log(`\n${table}`);

const document = `# Performance

Measured by \`pnpm bench:all\`${QUICK ? ' in quick mode (`BENCH_QUICK=1`: small data, short runs; a check, not the figures of record)' : ''} on ${started.toISOString().slice(0, 10)}.
The services run as in production: compiled JavaScript under plain \`node\`.

${await machine()}

${table}

Raw req/s on a machine shared by the load generator and every process are noisy; compare runs on
the same machine, and the per-request CPU time the individual benchmarks print.

## Output of each benchmark

${outputs.map((o) => `### ${o.title}\n\n\`\`\`text\n${o.output.trim()}\n\`\`\``).join('\n\n')}
`;
await writeFile(new URL('../../docs/PERFORMANCE.md', import.meta.url), document);
console.log('\nWritten to docs/PERFORMANCE.md');
