import { execFile, spawn, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { chown, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '@outloud/meili';

const run = promisify(execFile);

export interface PrivatePostgres extends AsyncDisposable {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` (trust auth; swap the path for a database). */
  readonly url: string;
  readonly port: number;
  /** Stops the server like a crash (`pg_ctl -m immediate`); the port stays reserved for `start`. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data directory (recovery runs first). */
  start(): Promise<void>;
  dispose(): Promise<void>;
}

/** `PG_BIN`, then `pg_config --bindir`, then the newest `/usr/lib/postgresql/<n>/bin`. */
async function findBinDir(): Promise<string> {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  try {
    const { stdout } = await run('pg_config', ['--bindir']);
    const dir = stdout.trim();
    if (dir) {
      await readdir(dir).then((files) => {
        if (!files.includes('initdb')) throw new Error('no initdb');
      });
      return dir;
    }
  } catch {
    // fall through to the Debian layout
  }
  const versions = await readdir('/usr/lib/postgresql').catch(() => [] as string[]);
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) throw new Error('initdb not found: install PostgreSQL or set PG_BIN');
  return path.join('/usr/lib/postgresql', newest, 'bin');
}

/** initdb and postgres refuse to run as root: as root, run them as the `postgres` OS user. */
async function serverUser(): Promise<{ uid: number; gid: number } | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const passwd = await readFile('/etc/passwd', 'utf8');
  const entry = passwd.split('\n').find((line) => line.startsWith('postgres:'));
  if (!entry) throw new Error('running as root, but there is no postgres OS user to run as');
  const [, , uid, gid] = entry.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

async function exec(
  bin: string,
  args: string[],
  user: { uid: number; gid: number } | undefined,
): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const child = spawn(bin, args, {
      stdio: ['ignore', 'ignore', 'pipe'],
      ...(user ?? {}),
      env: { ...process.env, LC_ALL: 'C' },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`${path.basename(bin)} ${args[0]} failed (${code}): ${stderr.trim()}`));
    });
  });
}

/**
 * A PostgreSQL cluster of the test's own (initdb into a temporary directory, trust auth, fsync off),
 * for fault tests that crash and restart the database (the shared server must never be stopped).
 */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = await findBinDir();
  const user = await serverUser();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'outloud-pg-'));
  if (user) await chown(dir, user.uid, user.gid);
  const data = path.join(dir, 'data');
  const port = await freePort();
  await exec(
    path.join(bin, 'initdb'),
    ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync', '--locale=C'],
    user,
  );
  const options = [
    `-p ${port}`,
    '-c listen_addresses=127.0.0.1',
    `-c unix_socket_directories=${dir}`,
    // fsync off is safe here: a crash of the server (not the machine) keeps the OS page cache.
    // Commits stay synchronous, so an acknowledged commit survives the immediate stop.
    '-c fsync=off',
    '-c full_page_writes=off',
    '-c max_connections=300',
  ].join(' ');
  const pgCtl = path.join(bin, 'pg_ctl');
  let running = false;
  const start = async () => {
    await exec(
      pgCtl,
      ['start', '-D', data, '-w', '-t', '60', '-l', path.join(dir, 'server.log'), '-o', options],
      user,
    );
    running = true;
  };
  const stop = async () => {
    if (!running) return;
    running = false;
    await exec(pgCtl, ['stop', '-D', data, '-m', 'immediate', '-w'], user);
  };
  // pg_ctl runs the server detached: if this process ends without dispose() (a test timed out, a
  // worker was torn down), stop it anyway rather than leave a cluster behind.
  const stopOnExit = () => {
    if (running) {
      spawnSync(pgCtl, ['stop', '-D', data, '-m', 'immediate'], {
        stdio: 'ignore',
        ...(user ?? {}),
      });
    }
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', stopOnExit);
  let disposing: Promise<void> | undefined;
  const dispose = () =>
    (disposing ??= (async () => {
      process.off('exit', stopOnExit);
      await stop().catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    })());
  try {
    await start();
  } catch (error) {
    await dispose();
    throw error;
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    stop,
    start,
    dispose,
    [Symbol.asyncDispose]: dispose,
  };
}
