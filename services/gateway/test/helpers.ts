import type { LightMyRequestResponse } from 'fastify';
import type { Kysely } from 'kysely';
import { createDb } from '@outloud/db';
import { createLogger } from '@outloud/ops';
import { createTestDatabase, randomWord, type TestDatabase } from '@outloud/testkit';
import { buildApp, type BuildAppDeps } from '../src/app.js';
import { gatewayConfig, type GatewayConfig } from '../src/config.js';
import type { App } from '../src/core/types.js';
import { gatewayMigrations, type GatewayDatabase } from '../src/db.js';
import { emptyProfileStats } from '../src/identity/identity.service.js';
import { SESSION_COOKIE } from '../src/identity/sessions.js';
import { issueSetupToken } from '../src/identity/setup.js';

export interface TestWorld extends AsyncDisposable {
  database: TestDatabase;
  db: Kysely<GatewayDatabase>;
  /** Builds an app on this world's database; closed with the world. */
  app(
    overrides?: { config?: Partial<GatewayConfig> } & Partial<
      Omit<BuildAppDeps, 'config' | 'db' | 'logger'>
    >,
  ): Promise<App>;
  close(): Promise<void>;
}

/** A fresh database (cloned from the migrated template) and apps built on it. */
export async function createWorld(): Promise<TestWorld> {
  const database = await createTestDatabase({ migrations: [gatewayMigrations] });
  const db = createDb<GatewayDatabase>({ url: database.url, max: 5 });
  const apps: App[] = [];
  const close = async () => {
    await Promise.all(apps.map((a) => a.close()));
    await db.destroy();
    await database.drop();
  };
  return {
    database,
    db,
    async app(overrides = {}) {
      const { config, ...rest } = overrides;
      const app = await buildApp({
        config: gatewayConfig({ LOG_LEVEL: 'silent', DATABASE_URL: database.url, ...config }),
        db,
        logger: createLogger('gateway-test', process.env.TEST_LOG_LEVEL ?? 'silent'),
        profileStats: emptyProfileStats,
        ...rest,
      });
      apps.push(app);
      await app.ready();
      return app;
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}

export function uniqueHandle(prefix = 'u'): string {
  return `${prefix}_${randomWord(10)}`;
}

export interface NewAccount {
  email: string;
  password: string;
  displayName: string;
  handle: string;
}

export function newAccount(overrides: Partial<NewAccount> = {}): NewAccount {
  const handle = overrides.handle ?? uniqueHandle();
  return {
    email: `${handle}@example.com`,
    password: 'correct horse battery',
    displayName: `Person ${handle}`,
    handle,
    ...overrides,
  };
}

export interface Session {
  cookie: string;
  csrfToken: string;
  user: { id: string; handle: string; displayName: string; roles: string[]; createdAt: string };
}

/** The `outloud_session=…` pair from a response's Set-Cookie, ready for a Cookie header. */
export function sessionCookieOf(response: LightMyRequestResponse): string {
  const cookie = response.cookies.find((c) => c.name === SESSION_COOKIE);
  if (!cookie)
    throw new Error(`no ${SESSION_COOKIE} cookie in the response (status ${response.statusCode})`);
  return `${SESSION_COOKIE}=${cookie.value}`;
}

export async function register(app: App, account: NewAccount = newAccount()): Promise<Session> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/register',
    payload: account,
  });
  if (response.statusCode !== 201)
    throw new Error(`register failed: ${response.statusCode} ${response.body}`);
  const body = response.json<{ user: Session['user']; csrfToken: string }>();
  return { cookie: sessionCookieOf(response), csrfToken: body.csrfToken, user: body.user };
}

/** Creates the instance's first admin through a one-time setup token, as the web app's setup page does. */
export async function registerAdmin(
  app: App,
  db: Kysely<GatewayDatabase>,
  account: NewAccount = newAccount(),
): Promise<Session> {
  const token = await issueSetupToken(db);
  if (!token) throw new Error('this instance already has an admin');
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/setup',
    payload: { ...account, token },
  });
  if (response.statusCode !== 201)
    throw new Error(`setup failed: ${response.statusCode} ${response.body}`);
  const body = response.json<{ user: Session['user']; csrfToken: string }>();
  return { cookie: sessionCookieOf(response), csrfToken: body.csrfToken, user: body.user };
}

/** Headers for a cookie-authenticated request that changes data. */
export function asSession(session: Session): Record<string, string> {
  return { cookie: session.cookie, 'x-csrf-token': session.csrfToken };
}
