import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/core/types.js';
import { sha256 } from '../src/identity/secrets.js';
import { asSession, createWorld, register, type Session, type TestWorld } from './helpers.js';

let world: TestWorld;
let app: App;

beforeAll(async () => {
  world = await createWorld();
  app = await world.app();
  await register(app);
});
afterAll(async () => world.close());

async function createToken(session: Session, name = 'ci'): Promise<{ token: string; id: string }> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/tokens',
    headers: asSession(session),
    payload: { name },
  });
  expect(response.statusCode).toBe(201);
  return response.json();
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('POST /tokens', () => {
  it('returns the token once, with its id', async () => {
    const session = await register(app);
    const created = await createToken(session);
    expect(created).toEqual({
      token: expect.stringMatching(/^olt_[A-Za-z0-9_-]{43}$/),
      id: expect.any(String),
    });
  });

  it('stores only the sha256 of the token', async () => {
    const session = await register(app);
    const { token, id } = await createToken(session);
    const row = await world.db
      .selectFrom('identity.apiTokens')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.tokenHash).toBe(sha256(token));
    expect(Object.values(row).map(String)).not.toContain(token);
  });

  it('answers 401 when anonymous', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      payload: { name: 'ci' },
    });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('unauthenticated');
  });

  it('answers 400 for a missing or empty name, or extra fields', async () => {
    const session = await register(app);
    for (const [payload, field] of [
      [{}, 'name'],
      [{ name: '' }, 'name'],
      [{ name: 'ci', scope: 'all' }, 'scope'],
    ] as const) {
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/tokens',
        headers: asSession(session),
        payload,
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.details).toContainEqual({ field, message: expect.any(String) });
    }
  });
});

describe('how many tokens one person holds', () => {
  it('stops at 100, so every token fits on the list where it can be revoked', async () => {
    const session = await register(app);
    for (let i = 0; i < 100; i++) await createToken(session, `t${i}`);
    const refused = await app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: asSession(session),
      payload: { name: 'one too many' },
    });
    expect(refused.statusCode).toBe(409);
    const list = await app.inject({ url: '/api/v1/tokens', headers: { cookie: session.cookie } });
    expect(list.json().items).toHaveLength(100);
  });
});

describe('API token authentication', () => {
  it('authenticates requests as the token owner', async () => {
    const session = await register(app);
    const { token } = await createToken(session);
    const response = await app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(token) });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      user: {
        ...session.user,
        email: expect.stringContaining('@'),
        emailVerified: false,
        verificationPending: false,
        hasPassword: true,
        status: 'active',
        lastSeenAt: expect.stringMatching(/^\d{4}-/),
        locale: null,
      },
    });
  });

  it('needs no CSRF token for writes', async () => {
    const session = await register(app);
    const { token } = await createToken(session);
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: bearer(token),
      payload: { name: 'second' },
    });
    expect(response.statusCode).toBe(201);
  });

  it('takes precedence over a cookie, so a bad token never falls back to the session', async () => {
    const session = await register(app);
    const response = await app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { cookie: session.cookie, authorization: 'Bearer olt_forged' },
    });
    expect(response.statusCode).toBe(401);
  });

  it('rejects unknown tokens with 401', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: bearer(`olt_${'A'.repeat(43)}`),
    });
    expect(response.statusCode).toBe(401);
  });

  it('records when a token was last used', async () => {
    const session = await register(app);
    const { token, id } = await createToken(session);
    await app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(token) });
    const row = await world.db
      .selectFrom('identity.apiTokens')
      .select('lastUsedAt')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.lastUsedAt).toBeInstanceOf(Date);
  });

  it('resolves the same actor outside HTTP (socket handshakes)', async () => {
    const session = await register(app);
    const { token } = await createToken(session);
    const expected = {
      id: session.user.id,
      handle: session.user.handle,
      displayName: session.user.displayName,
      roles: ['member'],
      // When the account was made: newcomers' first-day caps are decided from it.
      since: session.user.createdAt,
    };
    expect(await app.identity.resolveActor({ bearerToken: token })).toEqual(expected);
    expect(
      await app.identity.resolveActor({ cookieHeader: `theme=dark; ${session.cookie}` }),
    ).toEqual(expected);
    expect(await app.identity.resolveActor({ cookieHeader: 'outloud_session=nope' })).toBeNull();
    expect(await app.identity.resolveActor({})).toBeNull();
  });
});

describe('GET /tokens and DELETE /tokens/:id', () => {
  it('lists your tokens without the secrets and revokes one', async () => {
    const session = await register(app);
    const created = await createToken(session, 'laptop');
    const list = await app.inject({
      method: 'GET',
      url: '/api/v1/tokens',
      headers: { cookie: session.cookie },
    });
    expect(list.statusCode).toBe(200);
    expect(list.json()).toEqual({
      items: [
        {
          id: created.id,
          name: 'laptop',
          createdAt: expect.any(String),
          lastUsedAt: null,
          expiresAt: null,
        },
      ],
      nextCursor: null,
    });
    expect(list.body).not.toContain(created.token);

    const revoked = await app.inject({
      method: 'DELETE',
      url: `/api/v1/tokens/${created.id}`,
      headers: asSession(session),
    });
    expect(revoked.statusCode).toBe(204);
    expect(
      (await app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(created.token) }))
        .statusCode,
    ).toBe(401);
  });

  it("answers 404 for someone else's token", async () => {
    const owner = await register(app);
    const other = await register(app);
    const { id } = await createToken(owner);
    const response = await app.inject({
      method: 'DELETE',
      url: `/api/v1/tokens/${id}`,
      headers: asSession(other),
    });
    expect(response.statusCode).toBe(404);
  });
});

describe('tokens with an expiry', () => {
  it('work until expiresAt, then answer 401, and are listed with their expiry', async () => {
    let now = new Date('2026-12-01T09:00:00.000Z');
    const timed = await world.app({ clock: () => now });
    const session = await register(timed);
    const expiresAt = '2026-12-31T09:00:00.000Z';
    const created = await timed.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: asSession(session),
      payload: { name: 'thirty days', expiresAt },
    });
    expect(created.statusCode).toBe(201);
    const { token, id } = created.json<{ token: string; id: string }>();

    const listed = await timed.inject({
      method: 'GET',
      url: '/api/v1/tokens',
      headers: { cookie: session.cookie },
    });
    expect(listed.json<{ items: unknown[] }>().items).toEqual([
      expect.objectContaining({ id, name: 'thirty days', expiresAt }),
    ]);

    now = new Date('2026-12-31T08:59:59.000Z');
    const before = await timed.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(token) });
    expect(before.statusCode).toBe(200);

    now = new Date('2026-12-31T09:00:00.000Z');
    const after = await timed.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(token) });
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('unauthenticated');
  });

  it('refuses an expiry that is not in the future', async () => {
    const now = new Date('2026-12-01T09:00:00.000Z');
    const timed = await world.app({ clock: () => now });
    const session = await register(timed);
    for (const expiresAt of ['2026-12-01T09:00:00.000Z', '2020-01-01T00:00:00.000Z']) {
      const response = await timed.inject({
        method: 'POST',
        url: '/api/v1/tokens',
        headers: asSession(session),
        payload: { name: 'past', expiresAt },
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.details).toEqual([
        { field: 'expiresAt', message: 'must be in the future' },
      ]);
    }
  });
});
