import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LogSink } from './log.js';
import type { ServiceRuntime } from './services.js';

/** How a child process ended. */
export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A child process whose output goes to a log sink and which dies with its parent. */
export interface ManagedProcess {
  readonly name: string;
  readonly pid: number | undefined;
  /** Settles when the process has ended (also when it could not be spawned). */
  readonly exited: Promise<ChildExit>;
  /** Whether the process is still running. */
  isRunning(): boolean;
  /** The last lines it printed, for error messages. */
  logTail(): string;
  kill(signal: NodeJS.Signals): void;
}

export interface SpawnManagedOptions {
  name: string;
  command: string;
  args: readonly string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  sink: LogSink;
  /**
   * Own process group, so a Ctrl-C in the terminal reaches only the parent, which then stops
   * the children in order with one signal each.
   */
  detached?: boolean;
}

const TAIL_LINES = 30;

// One 'exit' hook for all children: a listener per child would trip Node's max-listeners warning.
const living = new Set<ChildProcess>();
let exitHooked = false;

function killWithParent(child: ChildProcess): void {
  living.add(child);
  if (exitHooked) return;
  exitHooked = true;
  process.on('exit', () => {
    for (const c of living) c.kill('SIGKILL');
  });
}

/** Command and arguments that run a TypeScript entry with workspace packages from source. */
export function tsxCommand(entry: string): { command: string; args: string[] } {
  // `--import tsx` (resolved from the repo root, the cwd) keeps one process per service, so
  // signals and exit codes are the service's own rather than a wrapper's.
  return {
    command: process.execPath,
    args: ['--conditions=development', '--import', 'tsx', entry],
  };
}

/**
 * Node flags of compiled service processes: semi-spaces of 2 MB instead of 16 MB. Start-up grows
 * the young generation to its maximum and an idle process keeps it (about 20 MB per service);
 * request garbage is short-lived, so the smaller space costs little under load.
 */
export const SERVICE_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=2'];

/** Command and arguments that run a service entry the way `runtime` says. */
export function serviceCommand(
  entry: string,
  runtime: ServiceRuntime,
): { command: string; args: string[] } {
  if (runtime === 'source') return tsxCommand(entry);
  return { command: process.execPath, args: [...SERVICE_NODE_FLAGS, entry] };
}

export function spawnManaged(options: SpawnManagedOptions): ManagedProcess {
  const child = spawn(options.command, [...options.args], {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.detached ?? false,
  });
  const tail: string[] = [];
  const onLine = (line: string): void => {
    tail.push(line);
    if (tail.length > TAIL_LINES) tail.shift();
    options.sink(options.name, line);
  };
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream, crlfDelay: Infinity }).on('line', onLine);
  }

  let ended = false;
  const exited = new Promise<ChildExit>((resolve) => {
    const settle = (exit: ChildExit): void => {
      if (ended) return;
      ended = true;
      living.delete(child);
      resolve(exit);
    };
    // 'close' comes after the last line of output has reached the sink; 'exit' plus a short
    // grace covers a grandchild that keeps the pipes open.
    child.once('close', (code, signal) => settle({ code, signal }));
    child.once('exit', (code, signal) => {
      setTimeout(() => settle({ code, signal }), 500).unref();
    });
    child.once('error', (err) => {
      onLine(`could not start ${options.command}: ${err.message}`);
      settle({ code: -1, signal: null });
    });
  });
  killWithParent(child);

  return {
    name: options.name,
    pid: child.pid,
    exited,
    isRunning: () => !ended && child.exitCode === null && child.signalCode === null,
    logTail: () => tail.join('\n'),
    kill: (signal) => {
      if (!ended) child.kill(signal);
    },
  };
}

/** Runs a command to its end; throws with its last output lines unless it exits 0. */
export async function runToCompletion(
  options: SpawnManagedOptions,
  track?: (proc: ManagedProcess) => void,
): Promise<void> {
  const proc = spawnManaged(options);
  track?.(proc);
  const exit = await proc.exited;
  if (exit.code !== 0) {
    throw new Error(
      `${options.name} failed (${describeExit(exit)}).\nLast output:\n${proc.logTail() || '(none)'}`,
    );
  }
}

/**
 * SIGTERM to every running process at once, then SIGKILL to those still running after the
 * timeout. Returns the names of the processes that had to be killed.
 */
export async function stopAll(
  processes: readonly ManagedProcess[],
  timeoutMs: number,
): Promise<string[]> {
  const running = processes.filter((p) => p.isRunning());
  for (const p of running) p.kill('SIGTERM');
  const all = Promise.all(running.map((p) => p.exited));
  const timedOut = await Promise.race([
    all.then(() => false),
    sleep(timeoutMs, true, { ref: false }),
  ]);
  if (!timedOut) return [];
  const stuck = running.filter((p) => p.isRunning());
  for (const p of stuck) p.kill('SIGKILL');
  await all;
  return stuck.map((p) => p.name);
}

export function describeExit(exit: ChildExit): string {
  return exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`;
}
