import { Counter } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/core/types.js';
import { createWorld, newAccount, register, type TestWorld } from './helpers.js';

let world: TestWorld;
let app: App;

beforeAll(async () => {
  world = await createWorld();
  app = await world.app({ config: { BODY_LIMIT_BYTES: 2048 } });
});
afterAll(async () => world.close());

describe('error format', () => {
  it('answers unknown API routes with 404 not_found', async () => {
    for (const [method, url] of [
      ['GET', '/api/v1/nothing-here'],
      ['POST', '/api/v1/nothing-here'],
      ['GET', '/nothing-here'],
      ['DELETE', '/api/v1/me'],
    ] as const) {
      const response = await app.inject({ method, url });
      expect(response.statusCode).toBe(404);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.json()).toEqual({
        error: { code: 'not_found', message: expect.any(String) },
      });
    }
  });

  it('answers an unknown route with 404 even for a signed-in POST without CSRF token', async () => {
    const session = await register(app);
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/nothing-here',
      headers: { cookie: session.cookie },
    });
    expect(response.statusCode).toBe(404);
  });

  it('answers 413 payload_too_large for a body over the limit', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { ...newAccount(), displayName: 'x'.repeat(4096) },
    });
    expect(response.statusCode).toBe(413);
    expect(response.json()).toEqual({
      error: { code: 'payload_too_large', message: expect.any(String) },
    });
  });

  it('answers 400 bad_request for a body that is not JSON', async () => {
    for (const contentType of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/xml',
    ]) {
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'content-type': contentType },
        payload: 'email=a@example.com&password=x',
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('bad_request');
    }
  });

  it('answers 400 for JSON that is not an object', async () => {
    for (const payload of ['[]', '"hello"', 'null', '42']) {
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'content-type': 'application/json' },
        payload,
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().error).toMatchObject({ code: 'validation_failed' });
    }
  });

  it('refuses prototype pollution attempts with 400', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"email":"a@example.com","password":"xxxxxxxxxx","__proto__":{"admin":true}}',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('bad_request');
  });

  it('answers unexpected failures with 500 internal and a generic message, never a stack trace', async () => {
    const failing = await world.app({
      profileStats: async () => {
        throw new Error(
          'connection to feed-db.internal:5432 refused at Socket.connect (net.js:1:1)',
        );
      },
    });
    const viewer = await register(failing);
    const response = await failing.inject({
      method: 'GET',
      url: `/api/v1/users/${viewer.user.handle}`,
      headers: { cookie: viewer.cookie },
    });
    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({ error: { code: 'internal', message: expect.any(String) } });
    expect(response.body).not.toMatch(/feed-db|Socket|at |\.js/);
  });

  it('maps errors carrying a catalogue code (from other services) to their status', async () => {
    const failing = await world.app({
      profileStats: async () => {
        throw Object.assign(new Error('No such post.'), {
          code: 'post_not_found',
          details: { id: 'x' },
        });
      },
    });
    const viewer = await register(failing);
    const response = await failing.inject({
      method: 'GET',
      url: `/api/v1/users/${viewer.user.handle}`,
      headers: { cookie: viewer.cookie },
    });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({
      error: { code: 'post_not_found', message: 'No such post.', details: { id: 'x' } },
    });
  });
});

describe('OpenAPI document', () => {
  it('lists every identity route at /api/docs/json', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(response.statusCode).toBe(200);
    const doc = response.json<{
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
      components: { securitySchemes: object };
    }>();
    expect(doc.openapi).toMatch(/^3\./);
    const routes = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(routes).toEqual(
      expect.arrayContaining([
        'POST /api/v1/auth/register',
        'POST /api/v1/auth/login',
        'POST /api/v1/auth/logout',
        'GET /api/v1/auth/csrf',
        'GET /api/v1/me',
        'POST /api/v1/tokens',
        'GET /api/v1/users/{handle}',
        'PATCH /api/v1/admin/users/{id}',
        'GET /healthz',
        'GET /readyz',
        'GET /metrics',
      ]),
    );
    expect(Object.keys(doc.components.securitySchemes)).toEqual(
      expect.arrayContaining(['cookieAuth', 'bearerAuth']),
    );
  });

  it('serves the docs UI at /api/docs', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/docs/' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/text\/html/);
  });
});

describe('health and metrics', () => {
  it('answers /healthz', async () => {
    const response = await app.inject({ method: 'GET', url: '/healthz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('answers /readyz when Postgres and every extra check answer', async () => {
    const withChecks = await world.app({ readinessChecks: { nats: async () => undefined } });
    const response = await withChecks.inject({ method: 'GET', url: '/readyz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', failing: [] });
  });

  it('answers /readyz with 503 naming the failing dependency', async () => {
    const failing = await world.app({
      readinessChecks: {
        nats: async () => {
          throw new Error('no NATS');
        },
      },
    });
    const response = await failing.inject({ method: 'GET', url: '/readyz' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({
      status: 'unavailable',
      failing: ['nats'],
      error: { code: 'unavailable' },
    });
  });

  it('counts requests by route pattern and status in /metrics', async () => {
    const metricsApp = await world.app();
    await metricsApp.inject({ method: 'GET', url: '/api/v1/me' });
    await metricsApp.inject({ method: 'GET', url: '/api/v1/users/someone' });
    const response = await metricsApp.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/text\/plain/);
    expect(response.body).toMatch(
      /http_requests_total\{method="GET",route="\/api\/v1\/me",status="401",service="gateway"\} 1/,
    );
    expect(response.body).toContain('route="/api/v1/users/:handle"');
    expect(response.body).not.toContain('/users/someone');
    expect(response.body).toContain('http_request_duration_seconds_bucket');
    expect(response.body).toContain('process_cpu_user_seconds_total');
  });

  it('lets plugins register their own metrics on app.metrics', async () => {
    const metricsApp = await world.app();
    new Counter({
      name: 'outloud_test_total',
      help: 'test',
      registers: [metricsApp.metrics],
    }).inc();
    const response = await metricsApp.inject({ method: 'GET', url: '/metrics' });
    expect(response.body).toContain('outloud_test_total');
  });
});

describe('security headers', () => {
  it('sends a CSP that allows the web app and its websocket, and no HTTPS-only headers over HTTP', async () => {
    const response = await app.inject({ method: 'GET', url: '/healthz' });
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self' ws: wss:");
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(response.headers['strict-transport-security']).toBeUndefined();
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });

  it('adds the HTTPS-only headers when cookies are secure', async () => {
    const https = await world.app({ config: { COOKIE_SECURE: true } });
    const response = await https.inject({ method: 'GET', url: '/healthz' });
    expect(String(response.headers['content-security-policy'])).toContain(
      'upgrade-insecure-requests',
    );
    expect(response.headers['strict-transport-security']).toBeDefined();
  });

  it('sends the same headers on errors and unknown routes as on answers', async () => {
    const ok = await app.inject({ method: 'GET', url: '/healthz' });
    const missing = await app.inject({ method: 'GET', url: '/api/v1/no-such-route' });
    const refused = await app.inject({ method: 'GET', url: '/api/v1/me' });
    expect(missing.statusCode).toBe(404);
    expect(refused.statusCode).toBe(401);
    for (const name of [
      'content-security-policy',
      'x-content-type-options',
      'x-frame-options',
      'referrer-policy',
      'cross-origin-opener-policy',
      'cross-origin-resource-policy',
    ]) {
      expect(ok.headers[name], name).toBeDefined();
      expect(missing.headers[name], name).toBe(ok.headers[name]);
      expect(refused.headers[name], name).toBe(ok.headers[name]);
    }
  });
});
