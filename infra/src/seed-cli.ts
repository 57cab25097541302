import { randomBytes } from 'node:crypto';
import { checkNodeVersion, loadDotEnv, readLauncherConfig } from './env.js';
import { createConsoleSink } from './log.js';
import { findRepoRoot } from './paths.js';
import { httpSend, SeedRequestError, type SeedAuth, type SeedSend } from './seed/client.js';
import { terminalProgress } from './seed/progress.js';
import { seedDemoSpace, SeedRefusedError } from './seed/seed.js';
import { OWN_RUNTIME } from './services.js';
import { requestSetupLink } from './setup-link.js';

// `pnpm seed`: fills a running Outloud with a demo organisation through its public API.
// SEED_URL (default the local start URL), SEED_PEOPLE (300), SEED_POSTS (3000), SEED_FORCE=1 to
// seed an instance that has posts, and an admin: SEED_TOKEN, or SEED_ADMIN_EMAIL with
// SEED_ADMIN_PASSWORD; on an instance without an admin the seed creates one.

const sink = createConsoleSink();
const say = (line: string): void => sink('seed', line);

function count(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${name} must be a whole number above 0, not "${raw}"`);
  return value;
}

async function signIn(send: SeedSend, email: string, password: string): Promise<SeedAuth> {
  const reply = await send({ method: 'POST', path: '/auth/login', body: { email, password } });
  if (reply.status !== 200) throw new SeedRequestError('POST', '/auth/login', reply);
  return { cookie: reply.cookie, csrfToken: (reply.body as { csrfToken: string }).csrfToken };
}

async function adminAuth(
  send: SeedSend,
  root: string,
  databaseUrl: string,
  publicUrl: string,
): Promise<SeedAuth> {
  const token = process.env.SEED_TOKEN;
  if (token) return { token };
  const email = process.env.SEED_ADMIN_EMAIL ?? 'admin@demo.outloud.test';
  const given = process.env.SEED_ADMIN_PASSWORD;
  const setup = await requestSetupLink({
    root,
    runtime: OWN_RUNTIME,
    env: { ...process.env, DATABASE_URL: databaseUrl, PUBLIC_URL: publicUrl },
  });
  if (!setup) {
    if (!given)
      throw new Error(
        'This Outloud has an admin: give SEED_TOKEN, or SEED_ADMIN_EMAIL and SEED_ADMIN_PASSWORD.',
      );
    return signIn(send, email, given);
  }
  const password = given ?? randomBytes(12).toString('base64url');
  const reply = await send({
    method: 'POST',
    path: '/auth/setup',
    body: { token: setup.token, email, password, displayName: 'Demo Admin', handle: 'demo_admin' },
  });
  if (reply.status !== 201) throw new SeedRequestError('POST', '/auth/setup', reply);
  say(`Created the admin ${email}${given ? '' : ` with the password ${password} (shown once)`}.`);
  return { cookie: reply.cookie, csrfToken: (reply.body as { csrfToken: string }).csrfToken };
}

async function main(): Promise<number> {
  try {
    checkNodeVersion();
    const root = findRepoRoot();
    loadDotEnv(root);
    const config = readLauncherConfig(process.env);
    const url = process.env.SEED_URL ?? process.env.PUBLIC_URL ?? `http://localhost:${config.port}`;
    const send = httpSend(url);
    const admin = await adminAuth(send, root, config.databaseUrl, url);
    const started = Date.now();
    const summary = await seedDemoSpace({
      send,
      admin,
      people: count('SEED_PEOPLE', 300),
      posts: count('SEED_POSTS', 3000),
      concurrency: count('SEED_CONCURRENCY', 8),
      force: process.env.SEED_FORCE === '1',
      progress: terminalProgress(),
    });
    const seconds = ((Date.now() - started) / 1000).toFixed(0);
    say(
      `Seeded ${url} in ${seconds} s: ${summary.people} people, ${summary.channels} channels, ` +
        `${summary.posts} posts (${summary.questions} questions), ${summary.answers} answers ` +
        `(${summary.accepted} accepted), ${summary.votes} votes, ${summary.goals} goals, ` +
        `${summary.logEntries} log entries, a 30-day challenge and a pinned announcement. ` +
        'Every seeded person signs in with the password "outloud demo space".',
    );
    return 0;
  } catch (err) {
    process.stderr.write('\n');
    say(err instanceof SeedRefusedError || err instanceof Error ? err.message : String(err));
    return 1;
  }
}

void main().then((code) => process.exit(code));
