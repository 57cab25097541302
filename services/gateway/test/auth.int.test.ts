import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/core/types.js';
import {
  asSession,
  createWorld,
  newAccount,
  register,
  registerAdmin,
  sessionCookieOf,
  type TestWorld,
} from './helpers.js';

let world: TestWorld;
let app: App;

beforeAll(async () => {
  world = await createWorld();
  app = await world.app();
  await registerAdmin(app, world.db); // so that the people below are members, as usual
});
afterAll(async () => world.close());

const post = (url: string, payload?: unknown, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url: `/api/v1${url}`, payload: payload as object, headers });

describe('POST /auth/register', () => {
  it('creates a member, signs them in and returns a CSRF token', async () => {
    const account = newAccount();
    const response = await post('/auth/register', account);
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body).toEqual({
      user: {
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        handle: account.handle,
        displayName: account.displayName,
        roles: ['member'],
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        bio: '',
        title: '',
        team: '',
        timeZone: null,
        skills: [],
        avatarUrl: null,
      },
      csrfToken: expect.any(String),
    });
    const cookie = response.cookies.find((c) => c.name === 'outloud_session');
    expect(cookie).toMatchObject({
      httpOnly: true,
      sameSite: 'Lax',
      path: '/',
      maxAge: 720 * 3600,
    });
    expect(cookie?.secure).toBeFalsy();
  });

  it('marks the cookie Secure when configured', async () => {
    const secureApp = await world.app({ config: { COOKIE_SECURE: true } });
    const response = await secureApp.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: newAccount(),
    });
    expect(response.cookies.find((c) => c.name === 'outloud_session')?.secure).toBe(true);
  });

  it('refuses an email already registered in another case with 409 email_taken', async () => {
    const account = newAccount();
    await register(app, account);
    const response = await post(
      '/auth/register',
      newAccount({ email: account.email.toUpperCase() }),
    );
    expect(response.statusCode).toBe(409);
    expect(response.json().error).toMatchObject({
      code: 'email_taken',
      message: expect.any(String),
    });
  });

  it('refuses a taken handle with 409 handle_taken', async () => {
    const account = newAccount();
    await register(app, account);
    const response = await post(
      '/auth/register',
      newAccount({ handle: account.handle, email: `other.${account.email}` }),
    );
    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('handle_taken');
  });

  it.each([
    ['a short password', { password: 'short' }, 'password'],
    ['a bad handle', { handle: 'Not OK!' }, 'handle'],
    ['a two-letter handle', { handle: 'ab' }, 'handle'],
    ['a bad email', { email: 'not-an-email' }, 'email'],
    ['an empty display name', { displayName: '' }, 'displayName'],
    ['an extra field', { isAdmin: true }, 'isAdmin'],
  ])('answers 400 validation_failed naming the field for %s', async (_what, change, field) => {
    const response = await post('/auth/register', { ...newAccount(), ...change });
    expect(response.statusCode).toBe(400);
    const error = response.json().error;
    expect(error.code).toBe('validation_failed');
    expect(error.details).toContainEqual({ field, message: expect.any(String) });
  });

  it('names every missing field', async () => {
    const response = await post('/auth/register', { email: 'someone@example.com' });
    expect(response.statusCode).toBe(400);
    const fields = response
      .json<{ error: { details: { field: string }[] } }>()
      .error.details.map((d) => d.field);
    expect(fields.sort()).toEqual(['displayName', 'handle', 'password']);
  });

  it('answers 400 for a missing body', async () => {
    const response = await post('/auth/register');
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('validation_failed');
  });

  it('answers 400 bad_request for malformed JSON', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      headers: { 'content-type': 'application/json' },
      payload: '{"email": "a@b.c",',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      error: { code: 'bad_request', message: expect.any(String) },
    });
  });

  it('never returns the password or its hash', async () => {
    const account = newAccount();
    const response = await post('/auth/register', account);
    expect(response.body).not.toContain(account.password);
    expect(response.body).not.toMatch(/scrypt|passwordHash|password_hash|email/i);
  });
});

describe('POST /auth/login', () => {
  it('signs in with the right password (email in any case) and starts a new session', async () => {
    const account = newAccount();
    const registered = await register(app, account);
    const response = await post('/auth/login', {
      email: account.email.toUpperCase(),
      password: account.password,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ user: registered.user, csrfToken: expect.any(String) });
    expect(response.json().csrfToken).not.toBe(registered.csrfToken);
    const cookie = sessionCookieOf(response);
    expect(cookie).not.toBe(registered.cookie);
    const me = await app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
    expect(me.json().user.id).toBe(registered.user.id);
    expect(response.body).not.toContain(account.password);
    expect(response.body).not.toMatch(/scrypt|passwordHash/);
  });

  it('answers 401 invalid_credentials with the same message for a wrong password and an unknown email', async () => {
    const account = newAccount();
    await register(app, account);
    const wrong = await post('/auth/login', { email: account.email, password: 'wrong password' });
    const unknown = await post('/auth/login', {
      email: `nobody.${account.email}`,
      password: account.password,
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json().error.code).toBe('invalid_credentials');
    expect(wrong.cookies).toHaveLength(0);
  });

  it('answers 400 naming missing fields', async () => {
    const response = await post('/auth/login', { email: 'a@example.com' });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details).toEqual([{ field: 'password', message: 'is required' }]);
  });
});

describe('GET /me', () => {
  it('returns the signed-in user', async () => {
    const session = await register(app);
    const response = await app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { cookie: session.cookie },
    });
    expect(response.statusCode).toBe(200);
    // The person sees what admins see of them, too: email, status, last seen.
    expect(response.json()).toEqual({
      user: {
        ...session.user,
        email: expect.stringContaining('@'),
        emailVerified: false,
        verificationPending: false,
        hasPassword: true,
        status: 'active',
        lastSeenAt: expect.stringMatching(/^\d{4}-/),
        // No language chosen: the app follows the browser.
        locale: null,
      },
    });
  });

  it('answers 401 unauthenticated without a session', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/v1/me' });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual({
      error: { code: 'unauthenticated', message: expect.any(String) },
    });
  });

  it('answers 401 for an unknown session cookie', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { cookie: 'outloud_session=forged' },
    });
    expect(response.statusCode).toBe(401);
  });
});

describe('POST /auth/logout', () => {
  it('ends the session on the server and clears the cookie', async () => {
    const session = await register(app);
    const response = await post('/auth/logout', undefined, asSession(session));
    expect(response.statusCode).toBe(204);
    expect(response.body).toBe('');
    const cleared = response.cookies.find((c) => c.name === 'outloud_session');
    expect(cleared?.value).toBe('');
    // The old cookie no longer works, even if a client kept it.
    const me = await app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { cookie: session.cookie },
    });
    expect(me.statusCode).toBe(401);
  });

  it('accepts a JSON content type with an empty body', async () => {
    const session = await register(app);
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { ...asSession(session), 'content-type': 'application/json' },
    });
    expect(response.statusCode).toBe(204);
  });

  it('needs the CSRF token', async () => {
    const session = await register(app);
    const response = await post('/auth/logout', undefined, { cookie: session.cookie });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('csrf_failed');
  });

  it('answers 204 without a session', async () => {
    expect((await post('/auth/logout')).statusCode).toBe(204);
  });
});

describe('GET /auth/csrf', () => {
  it("returns the session's CSRF token", async () => {
    const session = await register(app);
    const response = await app.inject({
      method: 'GET',
      url: '/api/v1/auth/csrf',
      headers: { cookie: session.cookie },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ csrfToken: session.csrfToken });
  });

  it('answers 401 without a session', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/v1/auth/csrf' })).statusCode).toBe(401);
  });
});

describe('CSRF protection', () => {
  it('refuses a cookie-authenticated write without X-CSRF-Token with 403 csrf_failed', async () => {
    const session = await register(app);
    const response = await post('/tokens', { name: 'ci' }, { cookie: session.cookie });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toEqual({
      error: { code: 'csrf_failed', message: expect.any(String) },
    });
  });

  it('refuses a wrong token, including the token of another session', async () => {
    const session = await register(app);
    const other = await register(app);
    for (const token of ['nope', other.csrfToken, `${session.csrfToken}x`]) {
      const response = await post(
        '/tokens',
        { name: 'ci' },
        { cookie: session.cookie, 'x-csrf-token': token },
      );
      expect(response.statusCode).toBe(403);
    }
  });

  it('accepts the right token', async () => {
    const session = await register(app);
    expect((await post('/tokens', { name: 'ci' }, asSession(session))).statusCode).toBe(201);
  });

  it('does not ask for a token on reads', async () => {
    const session = await register(app);
    expect(
      (await app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: session.cookie } }))
        .statusCode,
    ).toBe(200);
  });

  it('does not ask for a token to sign in while already signed in', async () => {
    const account = newAccount();
    const session = await register(app, account);
    const response = await post(
      '/auth/login',
      { email: account.email, password: account.password },
      { cookie: session.cookie },
    );
    expect(response.statusCode).toBe(200);
  });
});

describe('sessions', () => {
  it('are rejected once expired', async () => {
    let now = new Date();
    const clockApp = await world.app({ clock: () => now, config: { SESSION_TTL_HOURS: 1 } });
    const session = await register(clockApp);
    const me = () =>
      clockApp.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: session.cookie } });
    expect((await me()).statusCode).toBe(200);
    now = new Date(now.getTime() + 61 * 60_000);
    expect((await me()).statusCode).toBe(401);
    const purged = await clockApp.identity.purgeExpired();
    expect(purged.sessions).toBeGreaterThanOrEqual(1);
  });

  it('are purged with the one-time tokens, sign-on attempts and old sent emails that ran out', async () => {
    await using own = await createWorld();
    let now = new Date();
    const clockApp = await own.app({ clock: () => now, config: { SESSION_TTL_HOURS: 1 } });
    const person = await register(clockApp);
    await own.db
      .insertInto('identity.oidcLogins')
      .values({
        id: 'attempt',
        provider: 'corp',
        state: 's',
        nonce: 'n',
        codeVerifier: 'v',
        returnTo: null,
        expiresAt: new Date(now.getTime() + 10 * 60_000),
      })
      .execute();
    await own.db
      .updateTable('identity.emails')
      .set({ sentAt: now, text: null, html: null, link: null })
      .execute();
    const queued = await own.db.selectFrom('identity.emails').select('id').execute();
    expect(queued.length).toBeGreaterThanOrEqual(1); // the confirmation link sent at sign-up
    const tokens = await own.db.selectFrom('identity.oneTimeTokens').select('id').execute();
    expect(tokens.length).toBeGreaterThanOrEqual(1);

    // Nothing has run out yet.
    expect(await clockApp.identity.purgeExpired()).toEqual({
      sessions: 0,
      loginFailures: 0,
      oneTimeTokens: 0,
      ssoLogins: 0,
      sentEmails: 0,
    });
    now = new Date(now.getTime() + 31 * 24 * 60 * 60_000);
    const purged = await clockApp.identity.purgeExpired();
    expect(purged).toMatchObject({
      sessions: 1,
      oneTimeTokens: tokens.length,
      ssoLogins: 1,
      sentEmails: queued.length,
    });
    const me = await clockApp.inject({ url: '/api/v1/me', headers: { cookie: person.cookie } });
    expect(me.statusCode).toBe(401);
  });

  it('are stored by hash, never by the cookie value', async () => {
    const session = await register(app);
    const token = session.cookie.split('=')[1] ?? '';
    const rows = await world.db
      .selectFrom('identity.sessions')
      .select(['id', 'csrfToken'])
      .execute();
    expect(rows.some((r) => r.id === token)).toBe(false);
    expect(rows.some((r) => r.csrfToken === session.csrfToken)).toBe(true);
  });
});
