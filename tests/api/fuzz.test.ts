import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  formatFailures,
  routesOf,
  runFuzz,
  seedWorld,
  SKIPPED_ROUTES,
  type FuzzRoute,
  type FuzzWorld,
  type OpenApiDocument,
  type Send,
} from '../support/fuzz-requests.js';
import { apiWorld, type ApiWorld } from '../support/api-world.js';

/** Fixed, so that a failure comes back on the next run; the bench draws a random one. */
const SEED = 20_261_206;
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 3_000);

describe('the public API under generated requests', () => {
  let world: ApiWorld;
  let send: Send;
  let routes: FuzzRoute[];
  let fuzzWorld: FuzzWorld;

  beforeAll(async () => {
    // Limits raised so that 429s do not hide the routes behind them.
    world = await apiWorld({
      RATE_WRITES_PER_MINUTE: 1_000_000,
      RATE_REGISTER_PER_HOUR: 1_000_000,
      RATE_CATCHUP_PER_MINUTE: 1_000_000,
      RATE_LOGIN_MAX: 1_000_000,
      RATE_LOGIN_IP_MAX: 1_000_000,
    });
    send = async (request) => {
      const reply = await world.app.inject({
        method: request.method as 'GET',
        url: request.url,
        headers: request.headers,
        ...(request.payload === undefined ? {} : { payload: request.payload }),
      });
      return { status: reply.statusCode, headers: reply.headers, body: reply.body };
    };
    const docs = await send({ method: 'GET', url: '/api/docs/json', headers: {} });
    routes = routesOf(JSON.parse(docs.body) as OpenApiDocument);
    // The world's first person is its admin (made through the setup link).
    const admin = await world.person();
    fuzzWorld = await seedWorld(send, {
      admin: {
        cookie: admin.cookie,
        csrfToken: admin.csrfToken,
        userId: admin.user.id,
        handle: admin.user.handle,
      },
    });
  });
  afterAll(async () => world?.[Symbol.asyncDispose]());

  it('covers every documented route but the skipped ones', () => {
    const names = routes.map((r) => `${r.method} ${r.path}`);
    expect(names.length).toBeGreaterThan(60);
    for (const skipped of Object.keys(SKIPPED_ROUTES)) expect(names).not.toContain(skipped);
    expect(names).toContain('GET /api/v1/feed');
    expect(names).toContain('POST /api/v1/notifications/read');
  });

  it('answers every request without a 5xx or a stack trace, and every 4xx in the error format', async () => {
    const run = await runFuzz({ send, routes, world: fuzzWorld, seed: SEED, count: REQUESTS });
    const statuses = [...run.byStatus.entries()].sort(([a], [b]) => a - b);
    console.info(
      `fuzz: ${run.sent} requests over ${routes.length} routes (seed ${SEED}), ` +
        `${run.failures} failing; statuses ${statuses.map(([s, n]) => `${s}×${n}`).join(' ')}`,
    );
    expect(run.sent).toBe(REQUESTS);
    // Valid requests must get through, or the run only tests the validation layer.
    const succeeded = statuses.filter(([s]) => s < 300).reduce((sum, [, n]) => sum + n, 0);
    expect(succeeded).toBeGreaterThan(REQUESTS / 10);
    expect(
      run.failures,
      `${run.failures} responses broke the contract; the first of each route and problem:\n` +
        formatFailures(run),
    ).toBe(0);
    // Generous: the machine may be shared; the figure to watch is the printed count.
  }, 300_000);
});
