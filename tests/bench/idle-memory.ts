/**
 * Resident memory (RSS) of every service process when idle, a few seconds after the stack is
 * ready, as production runs them (compiled JavaScript under plain `node`).
 *
 *   pnpm bench:memory                     # database `outloud_bench`
 *   BENCH_RUNTIME=source pnpm bench:memory   # the same through tsx, for comparison
 */
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import type { ServiceRuntime } from '@outloud/infra';
import { startBenchStack, type BenchStack } from './bench-stack.js';

/**
 * Per service process, its RSS in MB and the part of it that is its own (anonymous memory: heap,
 * stacks, buffers); the rest is file pages, mostly the `node` binary, which every process shares.
 * `totalMb` sums the RSS; `footprintMb` counts the shared file pages once.
 */
export interface IdleMemory {
  services: { name: string; rssMb: number; anonMb: number }[];
  totalMb: number;
  footprintMb: number;
}

const databaseUrl =
  process.env.BENCH_DATABASE_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/outloud_bench';

/** Resident memory of a process in MB, from /proc (Linux); NaN when it cannot be read. */
export async function residentMb(
  pid: number | undefined,
): Promise<{ rss: number; anon: number; file: number }> {
  const status = pid ? await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '') : '';
  const mb = (field: string) =>
    Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN) / 1024;
  return { rss: mb('VmRSS'), anon: mb('RssAnon'), file: mb('RssFile') + mb('RssShmem') };
}

/** Waits `settleMs` for start-up work (caches, first GC) to settle, then reads every RSS. */
export async function idleMemory(
  stack: BenchStack,
  settleMs = Number(process.env.BENCH_SETTLE_MS ?? 5_000),
): Promise<IdleMemory> {
  await new Promise((r) => setTimeout(r, settleMs));
  const measured = await Promise.all(
    stack.services.map(async (s) => ({ name: s.name, ...(await residentMb(s.pid)) })),
  );
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  return {
    services: measured.map((s) => ({ name: s.name, rssMb: s.rss, anonMb: s.anon })),
    totalMb: sum(measured.map((s) => s.rss)),
    footprintMb: sum(measured.map((s) => s.anon)) + Math.max(...measured.map((s) => s.file)),
  };
}

/** Starts a stack of its own, measures it idle and stops it. */
export async function benchIdleMemory(runtime?: ServiceRuntime): Promise<IdleMemory> {
  const stack = await startBenchStack({ databaseUrl, prefix: 'benchmem', runtime });
  try {
    return await idleMemory(stack);
  } finally {
    await stack.stop();
  }
}

export function formatIdleMemory(memory: IdleMemory): string {
  const each = memory.services.map((s) => `${s.name} ${s.rssMb.toFixed(0)} MB`).join(', ');
  return (
    `${memory.totalMb.toFixed(0)} MB RSS in all (${each}); ` +
    `${memory.footprintMb.toFixed(0)} MB with the shared node binary counted once`
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const memory = await benchIdleMemory();
  console.log(`Idle memory of the services: ${formatIdleMemory(memory)}`);
}
