import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { connectNats, drainNats, type NatsConnection } from '@outloud/bus';
import { names } from '@outloud/contracts';
import { ensurePostgres, runMigrations, SERVICES, type ServiceName } from '@outloud/infra';
import { freePort, startMeilisearch, type MeiliProcess } from '@outloud/meili';
import {
  startPrivateNatsServer,
  startPrivatePostgres,
  testPrefix,
  type PrivateNatsServer,
  type PrivatePostgres,
} from '@outloud/testkit';

const root = fileURLToPath(new URL('../..', import.meta.url));
const MEILI_KEY = 'outloud-chaos-master-key-0123456789';

/** One process of one service; `restart()` starts it again on the same port. */
export interface ServiceInstance {
  readonly name: ServiceName;
  /** Its ops server (the gateway's public URL for a gateway). */
  readonly url: string;
  running(): boolean;
}

interface InstanceState extends ServiceInstance {
  port: number;
  killing: boolean;
  child: ChildProcess | undefined;
  exited: Promise<void>;
}

/** Durable consumer positions, from the JetStream API. */
export interface ConsumerState {
  name: string;
  pending: number;
  ackPending: number;
}

/**
 * A whole Outloud of the test's own: its own Postgres cluster, NATS server (with its JetStream
 * store) and Meilisearch, and every service as a real process, so a test may crash any of them.
 */
export interface ChaosWorld extends AsyncDisposable {
  readonly postgres: PrivatePostgres;
  readonly nats: PrivateNatsServer;
  readonly prefix: string;
  /** Every instance started, in start order. */
  readonly instances: readonly ServiceInstance[];
  /** Public URLs of the running gateways (a load balancer stops sending to a dead one). */
  gatewayUrls(): string[];
  /** Starts one more instance of a service and waits until its /readyz answers 200. */
  add(name: ServiceName): Promise<ServiceInstance>;
  /** SIGKILL, and waits for the process to be gone. */
  kill(instance: ServiceInstance): Promise<void>;
  /** Starts a killed instance again on the same port; resolves once it is ready. */
  restart(instance: ServiceInstance): Promise<void>;
  /** SIGKILLs Meilisearch and starts a new one on the same port and data directory. */
  killMeili(): Promise<void>;
  restartMeili(): Promise<void>;
  /** Running instances (all but those killed and not restarted) whose /readyz is not 200. */
  notReady(): Promise<string[]>;
  consumers(): Promise<ConsumerState[]>;
  /** Instances that exited without being killed by the test (crashes), with how they ended. */
  crashes(): string[];
  /** The warnings and errors the processes printed last (lines cut short), for failure messages. */
  logTail(lines?: number): string;
}

async function waitReady(instance: InstanceState, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (!instance.running()) throw new Error(`${instance.name} exited before it was ready`);
    try {
      const response = await fetch(`${instance.url}/readyz`, {
        signal: AbortSignal.timeout(2_000),
      });
      await response.body?.cancel();
      if (response.status === 200) return;
      last = `status ${response.status}`;
    } catch {
      last = 'no answer';
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${instance.name} was not ready within ${timeoutMs} ms (${last})`);
}

export async function startChaosWorld(
  options: { services?: readonly ServiceName[] } = {},
): Promise<ChaosWorld> {
  const cleanup: (() => Promise<void>)[] = [];
  const logs: string[] = [];
  const log = (line: string) => {
    logs.push(line);
    if (logs.length > 2_000) logs.splice(0, 1_000);
  };
  const instances: InstanceState[] = [];
  const crashes: string[] = [];
  const prefix = testPrefix();
  let monitor: NatsConnection | undefined;
  let meili: MeiliProcess | undefined;
  let disposing: Promise<void> | undefined;
  const dispose = () =>
    (disposing ??= (async () => {
      for (const instance of [...instances].reverse()) instance.child?.kill('SIGKILL');
      await Promise.all(instances.map((i) => i.exited));
      if (monitor) await drainNats(monitor).catch(() => undefined);
      await meili?.stop();
      for (const step of cleanup.reverse()) await step().catch(() => undefined);
    })());

  try {
    const postgres = await startPrivatePostgres();
    cleanup.push(() => postgres.dispose());
    const nats = await startPrivateNatsServer();
    cleanup.push(() => nats.dispose());
    const meiliDir = await mkdtemp(path.join(os.tmpdir(), 'outloud-chaos-meili-'));
    cleanup.push(() => rm(meiliDir, { recursive: true, force: true }));
    const meiliPort = await freePort();
    const startMeili = async () => {
      meili = await startMeilisearch({ dataDir: meiliDir, port: meiliPort, masterKey: MEILI_KEY });
    };
    await startMeili();

    const databaseUrl = new URL(postgres.url);
    databaseUrl.pathname = '/outloud';
    await ensurePostgres(databaseUrl.toString());
    const gatewayPort = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: databaseUrl.toString(),
      NATS_URL: nats.url,
      MEILI_URL: `http://127.0.0.1:${meiliPort}`,
      MEILI_KEY,
      OUTLOUD_PREFIX: prefix,
      LOG_LEVEL: 'warn',
      PUBLIC_URL: `http://localhost:${gatewayPort}`,
      WEB_DIST: path.join(root, 'web', 'dist'),
      RATE_REGISTER_PER_HOUR: '10000',
      RATE_WRITES_PER_MINUTE: '10000',
      NEWCOMER_HOURS: '0',
      DB_POOL_SIZE: '5',
    };
    await runMigrations({ root, env, sink: (source, line) => log(`[${source}] ${line}`) });
    monitor = await connectNats({ url: nats.url, name: 'chaos-monitor' });
    const eventNames = names(prefix);

    const spawnInstance = (instance: InstanceState) => {
      const portEnv: NodeJS.ProcessEnv =
        instance.name === 'gateway'
          ? { PORT: String(instance.port), HOST: '127.0.0.1' }
          : { OPS_PORT: String(instance.port) };
      const child = spawn(
        process.execPath,
        [
          '--conditions=development',
          '--import',
          'tsx',
          path.join('services', instance.name, 'src', 'main.ts'),
        ],
        {
          cwd: root,
          env: { ...env, ...portEnv, SERVICE_NAME: instance.name },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      const tag = `[${instance.name}:${instance.port}]`;
      const tail: string[] = [];
      for (const stream of [child.stdout, child.stderr]) {
        createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
          log(`${tag} ${line}`);
          tail.push(line.length > 600 ? `${line.slice(0, 600)}…` : line);
          if (tail.length > 12) tail.shift();
        });
      }
      instance.child = child;
      instance.killing = false;
      instance.exited = new Promise((resolve) =>
        child.once('exit', (code, signal) => {
          if (!instance.killing && !disposing) {
            crashes.push(`${tag} exited (${signal ?? `code ${code}`}):\n${tail.join('\n')}`);
            log(`${tag} exited unexpectedly (${signal ?? `code ${code}`})`);
          }
          resolve();
        }),
      );
    };

    const add = async (name: ServiceName): Promise<ServiceInstance> => {
      const port =
        name === 'gateway' && !instances.some((i) => i.name === 'gateway')
          ? gatewayPort
          : await freePort();
      const instance: InstanceState = {
        name,
        port,
        killing: false,
        url: `http://127.0.0.1:${port}`,
        child: undefined,
        exited: Promise.resolve(),
        running() {
          return this.child !== undefined && this.child.exitCode === null && !this.child.signalCode;
        },
      };
      instances.push(instance);
      spawnInstance(instance);
      await waitReady(instance);
      return instance;
    };
    const state = (instance: ServiceInstance) => instance as InstanceState;

    for (const name of options.services ?? SERVICES) await add(name);

    return {
      postgres,
      nats,
      prefix,
      instances,
      gatewayUrls: () =>
        instances.filter((i) => i.name === 'gateway' && i.running()).map((i) => i.url),
      add,
      async kill(instance) {
        const target = state(instance);
        target.killing = true;
        target.child?.kill('SIGKILL');
        await target.exited;
      },
      async restart(instance) {
        const target = state(instance);
        if (target.running()) throw new Error(`${target.name} is still running`);
        spawnInstance(target);
        await waitReady(target);
      },
      async killMeili() {
        const running = meili;
        if (!running) return;
        process.kill(running.pid, 'SIGKILL');
        await running.exited;
        meili = undefined;
      },
      restartMeili: startMeili,
      async notReady() {
        // Every instance meant to run: one killed on purpose and not restarted is not asked.
        const expected = instances.filter((i) => !i.killing || i.running());
        const answers = await Promise.all(
          expected.map(async (instance) => {
            try {
              const response = await fetch(`${instance.url}/readyz`, {
                signal: AbortSignal.timeout(3_000),
              });
              const body = await response.text();
              return response.status === 200 ? undefined : `${instance.name}: ${body}`;
            } catch (error) {
              return `${instance.name}: ${(error as Error).message}`;
            }
          }),
        );
        return answers.filter((a): a is string => a !== undefined);
      },
      async consumers() {
        const reply = await monitor!.request(
          `$JS.API.CONSUMER.LIST.${eventNames.stream}`,
          JSON.stringify({ offset: 0 }),
          { timeout: 5_000 },
        );
        const list = reply.json<{
          consumers?: {
            name: string;
            config: { durable_name?: string };
            num_pending: number;
            num_ack_pending: number;
          }[];
        }>();
        // Only the services' durable consumers; a killed gateway's ephemeral ones just expire.
        const durable = (list.consumers ?? []).filter((c) => c.config.durable_name);
        return durable.map((c) => ({
          name: c.name,
          pending: c.num_pending,
          ackPending: c.num_ack_pending,
        }));
      },
      crashes: () => [...crashes],
      logTail: (lines = 30) =>
        logs
          .filter((line) => !/"level":(10|20|30)\b/.test(line))
          .slice(-lines)
          .map((line) => (line.length > 400 ? `${line.slice(0, 400)}…` : line))
          .join('\n'),
      [Symbol.asyncDispose]: dispose,
    };
  } catch (error) {
    await dispose();
    throw new Error(`chaos world failed to start:\n${logs.slice(-40).join('\n')}`, {
      cause: error,
    });
  }
}
