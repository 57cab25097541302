import { describe, expect, it } from 'vitest';
import { containsNul } from '../src/core/reject-nul.js';
import { asSession, createWorld, newAccount, register, registerAdmin } from './helpers.js';

const NUL = '\u0000';

const refusedFor = (field: string) => ({
  error: {
    code: 'validation_failed',
    message: expect.any(String),
    details: [{ field, message: expect.stringContaining('U+0000') }],
  },
});

describe('strings holding U+0000', { timeout: 30_000 }, () => {
  it('answer 400 naming the field for a sign-in email or password', async () => {
    await using world = await createWorld();
    const app = await world.app();
    const account = newAccount();
    await register(app, account);
    for (const [field, payload] of [
      ['email', { email: `a${NUL}@example.com`, password: 'whatever password' }],
      ['password', { email: account.email, password: `correct horse${NUL}battery` }],
    ] as const) {
      const response = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual(refusedFor(field));
    }
  });

  it('answer 400 in a route param (`GET /users/%00`)', async () => {
    await using world = await createWorld();
    const app = await world.app();
    const session = await register(app);
    const response = await app.inject({
      method: 'GET',
      url: '/api/v1/users/%00',
      headers: asSession(session),
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual(refusedFor('handle'));
  });

  it('answer 400 in the query string', async () => {
    await using world = await createWorld();
    const app = await world.app();
    const session = await register(app);
    const response = await app.inject({
      method: 'GET',
      url: '/api/v1/users?q=ab%00c',
      headers: asSession(session),
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual(refusedFor('q'));
  });

  it('answer 400 deep in a JSON body, naming the nested field', async () => {
    await using world = await createWorld();
    const app = await world.app();
    const admin = await registerAdmin(app, world.db);
    const other = await register(app);
    const response = await app.inject({
      method: 'PATCH',
      url: `/api/v1/admin/users/${other.user.id}`,
      headers: asSession(admin),
      payload: { roles: ['member', `ld${NUL}`] },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual(refusedFor('roles.1'));
  });

  it('answer 400 in a session cookie or a bearer token, before they are looked up', async () => {
    await using world = await createWorld();
    const app = await world.app();
    const cookie = await app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { cookie: 'outloud_session=abc%00def' },
    });
    expect(cookie.statusCode).toBe(400);
    expect(cookie.json()).toEqual(refusedFor('cookies.outloud_session'));
    const bearer = await app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: `Bearer abc${NUL}def` },
    });
    expect(bearer.statusCode).toBe(400);
    expect(bearer.json()).toEqual(refusedFor('headers.authorization'));
  });

  it('leave requests without it alone', async () => {
    await using world = await createWorld();
    const app = await world.app();
    const session = await register(app);
    const response = await app.inject({
      method: 'GET',
      url: '/api/v1/users?q=U%2B0000',
      headers: asSession(session),
    });
    expect(response.statusCode).toBe(200);
  });
});

describe('containsNul', () => {
  it('names the field of a socket payload holding U+0000', () => {
    expect(containsNul({ postId: `x${NUL}` })).toBe('postId');
    expect(containsNul(`x${NUL}`)).toBe('payload');
    expect(containsNul({ a: [{ b: NUL }] }, 'body')).toBe('a.0.b');
    expect(containsNul({ postId: 'x' })).toBeUndefined();
  });
});
