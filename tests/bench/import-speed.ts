/**
 * Import speed: generates a Stack Exchange dump of BENCH_POSTS posts (default 10,000: a third
 * questions, the rest answers, half of them accepted) and BENCH_USERS people (half with an
 * email), imports it through `POST /admin/imports`, and prints items per second from the
 * import's own start and finish times, with the CPU time the gateway and the feed spent.
 *
 *   pnpm tsx --conditions=development tests/bench/import-speed.ts
 */
import { readFile } from 'node:fs/promises';
import type { Channel, ImportJob } from '@outloud/contracts';
import { ApiClient } from '../support/api-client.js';
import { startBenchStack } from './bench-stack.js';

const postCount = Number(process.env.BENCH_POSTS ?? 10_000);
const userCount = Number(process.env.BENCH_USERS ?? 500);
const databaseUrl =
  process.env.BENCH_DATABASE_URL ??
  'postgres://postgres:postgres@127.0.0.1:5432/outloud_bench_import';

const escape = (v: string) =>
  v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
const row = (attrs: Record<string, string | number>) =>
  `  <row ${Object.entries(attrs)
    .map(([k, v]) => `${k}="${escape(String(v))}"`)
    .join(' ')} />`;
const words = 'deploy rollback cache index query branch merge review release token queue'.split(
  ' ',
);
const pick = (i: number) => words[i % words.length]!;

function usersXml(): string {
  const rows = Array.from({ length: userCount }, (_, i) =>
    row({
      Id: i + 1,
      DisplayName: `Person ${i + 1}`,
      ...(i % 2 === 0 ? { Email: `person${i + 1}@bench.example` } : {}),
    }),
  );
  return `<?xml version="1.0" encoding="utf-8"?>\n<users>\n${rows.join('\n')}\n</users>\n`;
}

function postsXml(): string {
  const rows: string[] = [];
  const questions = Math.ceil(postCount / 3);
  const start = Date.parse('2018-01-01T00:00:00Z');
  let id = 1;
  // Each question is followed by its two answers (as ids grow with time in a real dump).
  for (let q = 0; q < questions && id <= postCount; q++) {
    const questionId = id++;
    const answers = Math.min(2, postCount - questionId);
    const at = (n: number) =>
      new Date(start + (questionId + n) * 3_600_000).toISOString().slice(0, -1);
    rows.push(
      row({
        Id: questionId,
        PostTypeId: 1,
        ...(answers > 0 ? { AcceptedAnswerId: questionId + 1 } : {}),
        CreationDate: at(0),
        Score: q % 17,
        Body: `<p>How do I ${pick(q)} the ${pick(q + 3)} service without downtime? Case ${q}.</p><pre><code>make ${pick(q)}\n</code></pre>`,
        OwnerUserId: (q % userCount) + 1,
        Title: `How to ${pick(q)} a ${pick(q + 5)} (case ${q})`,
        Tags: `<${pick(q)}><${pick(q + 1)}>`,
      }),
    );
    for (let a = 1; a <= answers; a++) {
      rows.push(
        row({
          Id: id++,
          PostTypeId: 2,
          ParentId: questionId,
          CreationDate: at(a),
          Score: (q + a) % 9,
          Body: `<p>Run <code>${pick(q + a)}</code> first, then check the ${pick(q + 2 * a)} logs.</p>`,
          OwnerUserId: ((q + a * 7) % userCount) + 1,
        }),
      );
    }
  }
  return `<?xml version="1.0" encoding="utf-8"?>\n<posts>\n${rows.join('\n')}\n</posts>\n`;
}

/** CPU seconds (user + system) a process has used so far, from /proc. */
async function cpuSeconds(pid: number | undefined): Promise<number> {
  if (!pid) return Number.NaN;
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

const stack = await startBenchStack({ databaseUrl, prefix: 'benchimport', freshDatabase: true });
try {
  const client = new ApiClient(stack.url);
  await client.setup(stack.setupToken!);
  const { body } = await client.request<{ channel: Channel }>('POST', '/channels', {
    slug: 'imported',
    name: 'Imported',
    visibility: 'public',
  });
  const posts = postsXml();
  console.log(
    `dump: ${postCount} posts (${(posts.length / 1e6).toFixed(1)} MB), ${userCount} people`,
  );
  const watched = stack.services.filter((s) => s.name === 'gateway' || s.name === 'feed');
  const cpuBefore = await Promise.all(watched.map((s) => cpuSeconds(s.pid)));

  const form = new FormData();
  form.append('source', 'stackexchange');
  form.append('channelId', body.channel.id);
  form.append('file', new Blob([posts], { type: 'application/xml' }), 'Posts.xml');
  form.append('file', new Blob([usersXml()], { type: 'application/xml' }), 'Users.xml');
  const started = await fetch(`${stack.url}/api/v1/admin/imports`, {
    method: 'POST',
    headers: { cookie: client.cookie, 'x-csrf-token': client.csrfToken },
    body: form,
  });
  const { import: job } = (await started.json()) as { import: ImportJob };
  if (started.status !== 202) throw new Error(`import refused: ${started.status}`);
  let done: ImportJob = job;
  while (done.status === 'running') {
    await new Promise((r) => setTimeout(r, 1000));
    const polled = await client.request<{ import: ImportJob }>('GET', `/admin/imports/${job.id}`);
    if (polled.status !== 200) throw new Error(`progress: ${polled.status}`);
    done = polled.body.import;
    process.stdout.write(`\r${done.processed} / ${done.total}`);
  }
  process.stdout.write('\n');
  for (const error of done.errors.slice(0, 3)) console.log(`  ${error.item}: ${error.message}`);
  const seconds = (Date.parse(done.finishedAt!) - Date.parse(done.startedAt)) / 1000;
  const cpuAfter = await Promise.all(watched.map((s) => cpuSeconds(s.pid)));
  console.log(
    `import ${done.status}: ${done.created} created, ${done.skipped} skipped, ${done.errorCount} errors`,
  );
  console.log(
    `${done.processed} items in ${seconds.toFixed(1)} s: ${(done.processed / seconds).toFixed(0)} items/s`,
  );
  watched.forEach((s, i) =>
    console.log(`  ${s.name}: ${(cpuAfter[i]! - cpuBefore[i]!).toFixed(1)} s CPU`),
  );
} finally {
  await stack.stop();
}
