import { randomBytes } from 'node:crypto';
import * as bus from '@outloud/bus';
import type { NatsConnection } from '@outloud/bus';
import type { Names, SessionResponse, User } from '@outloud/contracts';
import type { Kysely } from 'kysely';
import { feedMigrations, startFeed, type FeedDB, type FeedService } from '@outloud/feed';
import {
  buildApp,
  gatewayConfig,
  issueSetupToken,
  gatewayMigrations,
  type App,
  type GatewayConfig,
  type GatewayDatabase,
} from '@outloud/gateway';
import { createLogger } from '@outloud/ops';
import {
  notifyMigrations,
  startNotification,
  type NotifyDB,
  type NotifyService,
  type WebhookSettings,
} from '@outloud/notification';
import { searchMigrations, startSearch, type SearchDB, type SearchService } from '@outloud/search';
import {
  learningMigrations,
  startLearning,
  type LearnDB,
  type LearningService,
} from '@outloud/learning';
import {
  createServiceWorld,
  silentLogger as silent,
  testMeili,
  type TestDatabase,
} from '@outloud/testkit';

/** A signed-in person talking to the app through `inject` (no port). */
export interface Person {
  user: User;
  cookie: string;
  csrfToken: string;
  request<T = unknown>(
    method: string,
    url: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }>;
}

export interface ApiWorld extends AsyncDisposable {
  app: App;
  nc: NatsConnection;
  names: Names;
  feed: FeedService;
  search: SearchService;
  searchDb: Kysely<SearchDB>;
  learning: LearningService;
  learningDb: Kysely<LearnDB>;
  notification: NotifyService;
  notifyDb: Kysely<NotifyDB>;
  database: TestDatabase;
  /** Registers a new person (the first one of a world is its admin). */
  person(overrides?: { handle?: string }): Promise<Person>;
  /** Sets a person's roles directly through the admin API. */
  grantRoles(admin: Person, person: Person, roles: User['roles']): Promise<void>;
}

/**
 * The gateway app and the feed, search, learning and notification services in one process, on
 * this file's own database and prefix. `clock` (default: real time) drives learning and
 * notification.
 */
export async function apiWorld(
  config: Partial<GatewayConfig> = {},
  options: {
    clock?: () => Date;
    /** Webhook retries and limits; given, due deliveries are also looked for every 50 ms. */
    webhooks?: Partial<WebhookSettings>;
  } = {},
): Promise<ApiWorld> {
  const world = await createServiceWorld({
    migrations: [
      gatewayMigrations,
      feedMigrations,
      searchMigrations,
      learningMigrations,
      notifyMigrations,
    ],
    bus,
    name: 'api-test',
  });
  const { database, nc, names } = world;
  // One pool per service, as in production.
  const feedDb = world.pool<FeedDB>(10);
  const db = world.pool<GatewayDatabase>();
  const feed = await startFeed({
    db: feedDb,
    databaseUrl: database.url,
    nc,
    names,
    logger: silent,
  });
  const searchDb = world.pool<SearchDB>();
  const search = await startSearch({ db: searchDb, nc, names, meili: testMeili(), logger: silent });
  await search.indexesReady;
  const learningDb = world.pool<LearnDB>();
  const learning = await startLearning({
    db: learningDb,
    databaseUrl: database.url,
    nc,
    names,
    logger: silent,
    clock: options.clock,
    // Tests post due prompts themselves with postDuePrompts().
    promptIntervalMs: 3_600_000,
  });
  const notifyDb = world.pool<NotifyDB>();
  const notification = await startNotification({
    db: notifyDb,
    nc,
    names,
    logger: silent,
    clock: options.clock,
    appUrl: 'http://outloud.test',
    digestIntervalMs: 0,
    // Tests route waiting questions themselves with routeQuestions(), on their own clock.
    routingIntervalMs: 0,
    // Test receivers listen on loopback.
    webhooks: { allowPrivateTargets: true, ...options.webhooks },
    webhookSendIntervalMs: options.webhooks ? 50 : 0,
    webhookSweepIntervalMs: 0,
  });
  const app = await buildApp({
    config: gatewayConfig({
      LOG_LEVEL: 'silent',
      DATABASE_URL: database.url,
      RATE_WRITES_PER_MINUTE: 100_000,
      RATE_REGISTER_PER_HOUR: 100_000,
      // Everyone in a test world is new: first-day caps only where a test asks for them.
      NEWCOMER_HOURS: 0,
      ...config,
    }),
    db,
    logger: createLogger('api-test', process.env.TEST_LOG_LEVEL ?? 'silent'),
    bus: { nc, names },
  });
  await app.ready();

  // The first person of a world is its admin, made through the setup link as on a new instance.
  let firstPerson = true;
  const person = async (overrides: { handle?: string } = {}): Promise<Person> => {
    const handle = overrides.handle ?? `p_${randomBytes(5).toString('hex')}`;
    const setupToken = firstPerson ? await issueSetupToken(db) : null;
    firstPerson = false;
    const response = await app.inject({
      method: 'POST',
      url: setupToken ? '/api/v1/auth/setup' : '/api/v1/auth/register',
      payload: {
        email: `${handle}@example.test`,
        password: 'correct horse battery',
        displayName: `Person ${handle}`,
        handle,
        ...(setupToken ? { token: setupToken } : {}),
      },
    });
    if (response.statusCode !== 201) throw new Error(`register failed: ${response.body}`);
    const session = response.json<SessionResponse>();
    const cookie = response.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    return {
      user: session.user,
      cookie,
      csrfToken: session.csrfToken,
      async request<T>(method: string, url: string, body?: unknown) {
        const reply = await app.inject({
          method: method as 'GET',
          url: `/api/v1${url}`,
          headers: { cookie, 'x-csrf-token': session.csrfToken },
          ...(body === undefined ? {} : { payload: body as object }),
        });
        return { status: reply.statusCode, body: (reply.body ? reply.json() : undefined) as T };
      },
    };
  };

  const close = async () => {
    await app.close();
    await feed.stop();
    await search.stop();
    await learning.stop();
    await notification.stop();
    for (const index of ['posts', 'people'])
      // Meilisearch works through its task queue in order: on a busy machine the deletion may
      // wait behind other test files' indexing for longer than the client's default 5 s.
      await search.meili.deleteIndex(names.index(index)).waitTask({ timeout: 60_000 });
    await world[Symbol.asyncDispose]();
  };
  return {
    app,
    nc,
    names,
    feed,
    search,
    searchDb,
    learning,
    learningDb,
    notification,
    notifyDb,
    database,
    person,
    async grantRoles(admin, target, roles) {
      const result = await admin.request('PATCH', `/admin/users/${target.user.id}`, { roles });
      if (result.status !== 200)
        throw new Error(`could not grant roles: ${JSON.stringify(result.body)}`);
      target.user.roles = roles;
    },
    [Symbol.asyncDispose]: close,
  };
}
