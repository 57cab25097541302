import { join } from 'node:path';
import { freePort, type MeiliProcess } from '@outloud/meili';
import { ensurePostgres } from './checks.js';
import { createConsoleSink, type LogSink } from './log.js';
import { startLocalMeili } from './meili.js';
import { runMigrations } from './migrations.js';
import { findRepoRoot } from './paths.js';
import {
  serviceCommand,
  spawnManaged,
  stopAll,
  type ChildExit,
  type ManagedProcess,
} from './processes.js';
import { waitReady } from './ready.js';
import { requestSetupLink } from './setup-link.js';
import type { RestartPolicy } from './restart-policy.js';
import {
  assertEntriesExist,
  serviceEntry,
  SERVICES,
  type ServiceName,
  type ServiceRuntime,
} from './services.js';
import { supervise, type Supervised } from './supervisor.js';
import { ensureWebBuild, webDist } from './web.js';

/** Options for {@link startStack}. */
export interface StackOptions {
  databaseUrl: string;
  natsUrl: string;
  /** An existing Meilisearch; when omitted one is started in `meiliDataDir` and owned by the stack. */
  meili?: { url: string; key: string };
  /** Data dir of the Meilisearch the stack starts. Default `<repo>/.data/meili`. */
  meiliDataDir?: string;
  /** Gateway port. Default: a free port. */
  port?: number;
  /** OUTLOUD_PREFIX for subjects, the stream and index names. Default ''. */
  prefix?: string;
  /** LOG_LEVEL for every service. Default 'info'. */
  logLevel?: string;
  /** Extra variables for every child process (e.g. rate limits); they override inherited ones. */
  env?: Readonly<Record<string, string>>;
  /** Services to start, in order. Default feed, search, learning, gateway. */
  services?: readonly ServiceName[];
  /**
   * `compiled` (production): the JavaScript `pnpm build:server` wrote, under plain `node`.
   * Default `source`: TypeScript through tsx, so tests run the code as it is in the checkout.
   */
  runtime?: ServiceRuntime;
  /** Create the database if missing. Default true. */
  createDatabase?: boolean;
  /** Run every service's migrate entry first. Default true. */
  migrate?: boolean;
  /** Build the web app when `web/dist/index.html` is missing. Default true. */
  buildWeb?: boolean;
  /** Where every log line goes. Default: the terminal, tagged and pretty-printed. */
  sink?: LogSink;
  /** Per service, how long to wait for `GET /readyz` to answer 200. Default 60 s. */
  readyTimeoutMs?: number;
  /** How long stop() waits after SIGTERM before SIGKILL. Default 10 s. */
  stopTimeoutMs?: number;
  /**
   * Restart a service that exits unexpectedly, with back-off; `failed` then settles only when one
   * crash-loops. Default false: tests see every exit. `true` uses the default policy.
   */
  supervise?: boolean | Partial<RestartPolicy>;
  /** Put every child in its own process group (a terminal Ctrl-C then reaches only the caller). */
  detached?: boolean;
  /** Aborts the start: everything started so far is stopped and startStack rejects. */
  signal?: AbortSignal;
  /** Repo root. Default: found from this file. */
  root?: string;
  /** Issue the one-time link that creates the first admin when there is none. Default true. */
  setupLink?: boolean;
}

/** A service process of a running stack. */
export interface StackService {
  readonly name: ServiceName;
  readonly pid: number | undefined;
  /** Base URL of its health/metrics server (the gateway's is the gateway URL). */
  readonly opsUrl: string;
}

/** A process of the stack that ended while the stack was running. */
export interface StackFailure {
  readonly name: string;
  readonly exit: ChildExit;
  readonly logTail: string;
  /** Set when a supervised service crash-looped: how many crashes within how long. */
  readonly crashLoop?: { readonly crashes: number; readonly windowMs: number };
}

/** Every Outloud service running as its own process. */
export interface RunningStack extends AsyncDisposable {
  /** Gateway base URL, e.g. `http://127.0.0.1:8080`. */
  readonly url: string;
  readonly port: number;
  readonly prefix: string;
  readonly meili: { readonly url: string; readonly key: string };
  readonly services: readonly StackService[];
  /**
   * The one-time setup link (and its token, for `POST /auth/setup`) that creates the first
   * admin; null when the database has an admin already or `setupLink: false`.
   */
  readonly setupLink: string | null;
  readonly setupToken: string | null;
  /** Settles (never rejects) if a process of the stack exits before stop() is called. */
  readonly failed: Promise<StackFailure>;
  /** SIGTERM to every service, SIGKILL after the timeout, then stops an owned Meilisearch. Idempotent. */
  stop(): Promise<void>;
  /** Sends `signal` (default SIGKILL) to one service and waits for it to exit (fault tests). */
  kill(name: ServiceName, signal?: NodeJS.Signals): Promise<void>;
  /** Starts a killed service again with the same environment and waits until it is ready. */
  restart(name: ServiceName): Promise<void>;
  /** Starts one more gateway on its own port (several gateways share NATS); stopped with the stack. */
  addGateway(): Promise<{ url: string }>;
  /**
   * Starts one more instance of a service (it joins the same NATS queue groups and durable
   * consumers) and waits until it is ready; stopped with the stack. A gateway gets its own port.
   */
  addInstance(name: ServiceName): Promise<StackService>;
}

/**
 * Starts the whole stack as real processes: Meilisearch (unless given), migrations, the web
 * build when missing, then each service in order, waiting for its `/readyz` before the next.
 */
export async function startStack(options: StackOptions): Promise<RunningStack> {
  const root = options.root ?? findRepoRoot();
  const sink = options.sink ?? createConsoleSink();
  const services = options.services ?? SERVICES;
  const prefix = options.prefix ?? '';
  const signal = options.signal;
  const runtime = options.runtime ?? 'source';

  const processes: ManagedProcess[] = [];
  const transient: ManagedProcess[] = [];
  let meiliProcess: MeiliProcess | undefined;
  const supervisors: Supervised[] = [];
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      for (const supervisor of supervisors) supervisor.stop();
      const timeoutMs = options.stopTimeoutMs ?? 10_000;
      const killed = await stopAll([...transient, ...processes].reverse(), timeoutMs);
      for (const name of killed)
        sink('outloud', `${name} did not stop within ${timeoutMs} ms; killed it.`);
      await meiliProcess?.stop();
    })();
    return stopping;
  };
  const onAbort = (): void => {
    for (const proc of [...transient, ...processes]) proc.kill('SIGTERM');
  };
  signal?.addEventListener('abort', onAbort, { once: true });

  try {
    signal?.throwIfAborted();
    assertEntriesExist(root, services, 'main', runtime);
    if (options.migrate ?? true) assertEntriesExist(root, services, 'migrate', runtime);
    if (options.createDatabase ?? true) await ensurePostgres(options.databaseUrl);

    signal?.throwIfAborted();
    if (!options.meili) {
      const dataDir = options.meiliDataDir ?? join(root, '.data', 'meili');
      sink('outloud', `Starting Meilisearch from the npm package (data in ${dataDir})…`);
      meiliProcess = await startLocalMeili(dataDir, sink, options.detached ?? false);
    }
    const meili = options.meili ?? {
      url: meiliProcess?.url ?? '',
      key: meiliProcess?.masterKey ?? '',
    };

    const baseEnv: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: options.databaseUrl,
      NATS_URL: options.natsUrl,
      MEILI_URL: meili.url,
      MEILI_KEY: meili.key,
      OUTLOUD_PREFIX: prefix,
      LOG_LEVEL: options.logLevel ?? 'info',
      ...options.env,
    };

    signal?.throwIfAborted();
    if (options.migrate ?? true) {
      await runMigrations({
        root,
        env: baseEnv,
        sink,
        services,
        runtime,
        track: (p) => transient.push(p),
      });
    }
    signal?.throwIfAborted();
    if (options.buildWeb ?? true) await ensureWebBuild(root, sink, (p) => transient.push(p));

    const port = options.port ?? (await freePort());
    const started: StackService[] = [];
    const opsPorts = new Map<ServiceName, number>();
    const killedOnPurpose = new Set<ManagedProcess>();
    baseEnv.PUBLIC_URL ??= `http://localhost:${port}`;
    const expected = (proc?: ManagedProcess) =>
      stopping !== undefined || (proc !== undefined && killedOnPurpose.has(proc));
    let crashLooped: (failure: StackFailure) => void = () => undefined;
    const crashLoop = new Promise<StackFailure>((resolve) => (crashLooped = resolve));
    const launch = async (name: ServiceName, fixedPort?: number): Promise<ManagedProcess> => {
      const opsPort =
        fixedPort ?? opsPorts.get(name) ?? (name === 'gateway' ? port : await freePort());
      if (fixedPort === undefined) opsPorts.set(name, opsPort);
      const { command, args } = serviceCommand(serviceEntry(name, 'main', runtime), runtime);
      const spawn = () => {
        const proc = spawnManaged({
          name: fixedPort === undefined ? name : `${name}:${opsPort}`,
          command,
          args,
          cwd: root,
          env: serviceEnv(name, baseEnv, opsPort, webDist(root)),
          sink,
          detached: options.detached ?? false,
        });
        processes.push(proc);
        return proc;
      };
      const proc = spawn();
      await waitReady(
        `http://127.0.0.1:${opsPort}/readyz`,
        proc,
        options.readyTimeoutMs ?? 60_000,
        signal,
      );
      if (options.supervise) {
        const supervisor = supervise({
          name: proc.name,
          first: proc,
          spawn,
          sink,
          policy: options.supervise === true ? {} : options.supervise,
          isExpected: expected,
        });
        supervisors.push(supervisor);
        void supervisor.gaveUp.then((loop) =>
          crashLooped({
            name: loop.name,
            exit: loop.exit,
            logTail: loop.logTail,
            crashLoop: { crashes: loop.crashes, windowMs: loop.windowMs },
          }),
        );
      }
      return proc;
    };
    for (const name of services) {
      signal?.throwIfAborted();
      const proc = await launch(name);
      started.push({ name, pid: proc.pid, opsUrl: `http://127.0.0.1:${opsPorts.get(name)}` });
    }
    const current = (name: ServiceName) => [...processes].reverse().find((p) => p.name === name);
    const setup =
      (options.setupLink ?? true) && services.includes('gateway')
        ? await requestSetupLink({
            root,
            runtime,
            env: serviceEnv('gateway', baseEnv, port, webDist(root)),
          })
        : null;

    signal?.removeEventListener('abort', onAbort);
    return {
      url: `http://127.0.0.1:${port}`,
      port,
      prefix,
      meili,
      services: started,
      setupLink: setup?.link ?? null,
      setupToken: setup?.token ?? null,
      // Supervised: a crash is restarted, only a crash loop (or Meilisearch ending) fails the stack.
      failed: options.supervise
        ? Promise.race([crashLoop, watchFailures([], meiliProcess, expected)])
        : watchFailures(processes, meiliProcess, expected),
      stop,
      async kill(name, killSignal = 'SIGKILL') {
        const proc = current(name);
        if (!proc) throw new Error(`${name} is not part of this stack`);
        killedOnPurpose.add(proc);
        proc.kill(killSignal);
        await proc.exited;
      },
      async restart(name) {
        const proc = await launch(name);
        const entry = started.find((s) => s.name === name);
        if (entry) Object.assign(entry, { pid: proc.pid });
      },
      async addGateway() {
        const extraPort = await freePort();
        await launch('gateway', extraPort);
        return { url: `http://127.0.0.1:${extraPort}` };
      },
      async addInstance(name) {
        const extraPort = await freePort();
        const proc = await launch(name, extraPort);
        return { name, pid: proc.pid, opsUrl: `http://127.0.0.1:${extraPort}` };
      },
      [Symbol.asyncDispose]: stop,
    };
  } catch (err) {
    signal?.removeEventListener('abort', onAbort);
    await stop();
    throw err;
  }
}

/** The gateway serves everything on PORT; every other service gets its own OPS_PORT. */
function serviceEnv(
  name: ServiceName,
  base: NodeJS.ProcessEnv,
  port: number,
  web: string,
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base, SERVICE_NAME: name };
  if (name === 'gateway') {
    env.PORT = String(port);
    env.WEB_DIST = web;
    delete env.OPS_PORT;
  } else {
    env.OPS_PORT = String(port);
    delete env.PORT;
  }
  return env;
}

function watchFailures(
  processes: readonly ManagedProcess[],
  meili: MeiliProcess | undefined,
  expected: (proc?: ManagedProcess) => boolean,
): Promise<StackFailure> {
  return new Promise((resolve) => {
    for (const proc of processes) {
      void proc.exited.then((exit) => {
        if (!expected(proc)) resolve({ name: proc.name, exit, logTail: proc.logTail() });
      });
    }
    void meili?.exited.then((exit) => {
      if (!expected()) resolve({ name: 'meili', exit, logTail: '' });
    });
  });
}
