import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { User } from '@outloud/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.js';
import { startTestStack, type TestStack } from '../support/stack.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** `pnpm seed` as a person runs it: the command, its environment, what it printed. */
async function runSeed(env: Record<string, string>): Promise<{ code: number; output: string }> {
  const child = spawn(
    process.execPath,
    ['--conditions=development', '--import', 'tsx', 'infra/src/seed-cli.ts'],
    { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  return { code: code ?? -1, output };
}

async function signIn(url: string, email: string, password: string): Promise<ApiClient> {
  const client = new ApiClient(url);
  const reply = await client.request<{ csrfToken: string; user: User }>('POST', '/auth/login', {
    email,
    password,
  });
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  client.csrfToken = reply.body.csrfToken;
  client.user = reply.body.user;
  return client;
}

/** The demo space command over HTTP against a running instance, not just its module in-process. */
describe('pnpm seed against a running Outloud', () => {
  let world: TestStack;
  const adminEmail = 'admin@demo.outloud.test';
  const adminPassword = 'a demo admin password';
  const env = () => ({
    SEED_URL: world.url,
    DATABASE_URL: world.databaseUrl,
    SEED_PEOPLE: '6',
    SEED_POSTS: '12',
    SEED_ADMIN_EMAIL: adminEmail,
    SEED_ADMIN_PASSWORD: adminPassword,
  });

  beforeAll(async () => {
    world = await startTestStack();
  }, 240_000);
  afterAll(async () => world?.[Symbol.asyncDispose]());

  it('creates the first admin through a setup link and fills the instance', async () => {
    const run = await runSeed(env());
    expect(run.code, run.output).toBe(0);
    expect(run.output).toContain(`Created the admin ${adminEmail}.`);
    expect(run.output).toMatch(
      /Seeded http:\/\/127\.0\.0\.1:\d+ in \d+ s: 6 people, 10 channels, 12 posts/,
    );

    const admin = await signIn(world.url, adminEmail, adminPassword);
    expect(admin.user?.roles).toContain('admin');
    const people = await admin.request<{ items: { email: string; roles: string[] }[] }>(
      'GET',
      '/admin/users?limit=50',
    );
    const seeded = people.body.items.filter((p) => p.email !== adminEmail);
    expect(seeded).toHaveLength(6);
    // Every seeded person signs in with the password the command announces.
    const colleague = await signIn(world.url, seeded[0]!.email, 'outloud demo space');
    const feed = await colleague.request<{ items: unknown[] }>('GET', '/feed?limit=50');
    expect(feed.body.items.length).toBeGreaterThan(0);
  });

  it('signs in as the given admin and refuses an instance that has posts', async () => {
    const run = await runSeed(env());
    expect(run.code, run.output).toBe(1);
    expect(run.output).toContain('This Outloud already has posts');
  });
});
