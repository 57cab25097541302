import { createServer } from 'node:net';
import { connect } from '@nats-io/transport-node';
import { ensureDatabase, redactUrl } from '@outloud/db';

/** A component the stack needs is missing; the message says what to do about it. */
export class PrerequisiteError extends Error {
  override readonly name = 'PrerequisiteError';
}

const START_POSTGRES =
  '    sudo pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start\n' +
  '  (not installed? sudo apt-get install -y postgresql)';
const START_NATS =
  '    sudo apt-get install -y nats-server\n' +
  '    nats-server -a 127.0.0.1 -p 4222 -js -sd .data/nats   (in another terminal)';

/**
 * Connects to the server's maintenance database and creates the target database if missing.
 * Returns true when it created it.
 */
export async function ensurePostgres(databaseUrl: string): Promise<boolean> {
  try {
    return await ensureDatabase(databaseUrl);
  } catch (err) {
    const code = (err as { code?: string }).code;
    const where = redactUrl(databaseUrl);
    if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ETIMEDOUT') {
      throw new PrerequisiteError(
        `PostgreSQL is not reachable at ${where} (${code}).\n` +
          `  Start it (Debian/Ubuntu):\n${START_POSTGRES}\n` +
          '  or point DATABASE_URL at a running PostgreSQL 15+.',
        { cause: err },
      );
    }
    if (code === '28P01' || code === '28000') {
      throw new PrerequisiteError(
        `PostgreSQL refused the credentials in ${where}.\n` +
          '  Set DATABASE_URL with a user that may create databases, e.g.\n' +
          '    DATABASE_URL=postgres://postgres:<password>@127.0.0.1:5432/outloud',
        { cause: err },
      );
    }
    if (code === '42501') {
      throw new PrerequisiteError(
        `The user in ${where} may not create databases.\n` +
          '  Create the database yourself (createdb outloud) or use a user with CREATEDB.',
        { cause: err },
      );
    }
    throw new PrerequisiteError(
      `Could not prepare the database at ${where}: ${(err as Error).message}`,
      { cause: err },
    );
  }
}

/** Connects to NATS and checks that JetStream is enabled, then disconnects. */
export async function ensureNats(natsUrl: string): Promise<void> {
  const servers = natsUrl.split(',').map((server) => server.trim());
  let nc: Awaited<ReturnType<typeof connect>>;
  try {
    nc = await connect({ servers, timeout: 3_000, reconnect: false, name: 'outloud-launcher' });
  } catch (err) {
    throw new PrerequisiteError(
      `NATS is not reachable at ${natsUrl} (${(err as Error).message}).\n` +
        `  Install and start it with JetStream:\n${START_NATS}\n` +
        '  or point NATS_URL at a running NATS 2.9+ server with JetStream.',
      { cause: err },
    );
  }
  try {
    await checkJetStream(nc, natsUrl);
  } finally {
    await nc.close();
  }
}

async function checkJetStream(
  nc: Awaited<ReturnType<typeof connect>>,
  natsUrl: string,
): Promise<void> {
  const disabled = (detail: string, cause?: unknown): PrerequisiteError =>
    new PrerequisiteError(
      `NATS at ${natsUrl} answers, but JetStream is not enabled (${detail}).\n` +
        '  Restart the server with JetStream on, e.g.\n' +
        '    nats-server -a 127.0.0.1 -p 4222 -js -sd .data/nats\n' +
        '  (or add "jetstream { store_dir: ... }" to its config file).',
      cause === undefined ? undefined : { cause },
    );
  let reply: unknown;
  try {
    const msg = await nc.request('$JS.API.INFO', undefined, { timeout: 3_000 });
    reply = msg.json();
  } catch (err) {
    throw disabled((err as Error).message, err);
  }
  if (typeof reply !== 'object' || reply === null) throw disabled('unexpected reply');
  const error = (reply as { error?: { description?: string } }).error;
  if (error) throw disabled(error.description ?? 'error reply');
}

/** Fails with a clear message when something already listens on `port`. */
export async function ensurePortFree(port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = createServer();
    server.once('error', (err: NodeJS.ErrnoException) => {
      reject(
        err.code === 'EADDRINUSE'
          ? new PrerequisiteError(
              `Port ${port} is already in use (another Outloud still running?).\n` +
                '  Stop whatever listens there, or choose another port: PORT=8081 npm start',
            )
          : err,
      );
    });
    server.listen(port, () => server.close(() => resolve()));
  });
}

/** The messages of the rejected results of `Promise.allSettled`. */
export function failureMessages(results: readonly PromiseSettledResult<unknown>[]): string[] {
  return results.flatMap((result) => {
    if (result.status === 'fulfilled') return [];
    const reason: unknown = result.reason;
    return [reason instanceof Error ? reason.message : String(reason)];
  });
}
