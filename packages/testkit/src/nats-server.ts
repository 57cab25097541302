import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '@outloud/meili';

export interface PrivateNatsServer extends AsyncDisposable {
  readonly url: string;
  readonly port: number;
  /** Stops the server (the port stays reserved for `start`). */
  stop(): Promise<void>;
  /** Starts it again on the same port with the same JetStream store. */
  start(): Promise<void>;
  dispose(): Promise<void>;
}

async function waitForPort(port: number, open: boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const isOpen = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (isOpen === open) return;
    if (Date.now() > deadline)
      throw new Error(`nats-server port ${port} did not ${open ? 'open' : 'close'}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * A nats-server with JetStream of the test's own, for fault tests that stop and restart the broker
 * (the shared server must never be stopped). Uses `NATS_SERVER_BIN` or `nats-server` on the PATH.
 */
export async function startPrivateNatsServer(): Promise<PrivateNatsServer> {
  const bin = process.env.NATS_SERVER_BIN ?? (await findNatsServer());
  const storeDir = await mkdtemp(path.join(os.tmpdir(), 'outloud-nats-'));
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn(bin, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir], {
      stdio: 'ignore',
    });
    await waitForPort(port, true);
  };
  const stop = async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((r) => running.once('exit', r));
    running.kill('SIGTERM');
    await exited;
    await waitForPort(port, false);
  };
  let disposing: Promise<void> | undefined;
  const dispose = () =>
    (disposing ??= (async () => {
      await stop();
      await rm(storeDir, { recursive: true, force: true });
    })());
  await start();
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    stop,
    start,
    dispose,
    [Symbol.asyncDispose]: dispose,
  };
}

async function findNatsServer(): Promise<string> {
  for (const candidate of [
    '/usr/sbin/nats-server',
    '/usr/bin/nats-server',
    '/usr/local/bin/nats-server',
  ]) {
    try {
      await import('node:fs/promises').then((fs) => fs.access(candidate));
      return candidate;
    } catch {
      // try the next one
    }
  }
  return 'nats-server';
}
