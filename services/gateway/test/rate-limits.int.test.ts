import { describe, expect, it } from 'vitest';
import { asSession, createWorld, newAccount, register } from './helpers.js';

const login = (email: string, password: string, ip = '10.1.1.1') => ({
  method: 'POST' as const,
  url: '/api/v1/auth/login',
  payload: { email, password },
  remoteAddress: ip,
});

describe('failed sign-ins', { timeout: 30_000 }, () => {
  it('after 10 failures for an account, refuse even the right password with 429 and Retry-After', async () => {
    await using world = await createWorld();
    const app = await world.app();
    const account = newAccount();
    await register(app, account);
    for (let i = 0; i < 10; i++) {
      // Different IPs: the account limit alone must apply.
      const response = await app.inject(login(account.email, 'wrong password', `10.0.0.${i + 1}`));
      expect(response.statusCode).toBe(401);
    }
    const refused = await app.inject(login(account.email, account.password, '10.0.1.1'));
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toEqual({
      error: { code: 'rate_limited', message: expect.any(String) },
    });
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    expect(refused.cookies).toHaveLength(0);
  });

  it('after 10 failures from one IP, refuse other accounts from that IP', async () => {
    await using world = await createWorld();
    const app = await world.app();
    const victim = newAccount();
    await register(app, victim);
    for (let i = 0; i < 10; i++) {
      expect(
        (await app.inject(login(`guess${i}@example.com`, 'wrong password', '192.0.2.7')))
          .statusCode,
      ).toBe(401);
    }
    expect((await app.inject(login(victim.email, victim.password, '192.0.2.7'))).statusCode).toBe(
      429,
    );
    expect((await app.inject(login(victim.email, victim.password, '192.0.2.8'))).statusCode).toBe(
      200,
    );
  });

  it('let the account in again once the window has passed', async () => {
    let now = new Date();
    await using world = await createWorld();
    const app = await world.app({ clock: () => now, config: { RATE_LOGIN_MAX: 3 } });
    const account = newAccount();
    await register(app, account);
    for (let i = 0; i < 3; i++) await app.inject(login(account.email, 'wrong password'));
    const refused = await app.inject(login(account.email, account.password));
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBe(15 * 60);
    now = new Date(now.getTime() + 15 * 60_000 + 1000);
    expect((await app.inject(login(account.email, account.password))).statusCode).toBe(200);
  });

  it("a success clears the account's failures", async () => {
    await using world = await createWorld();
    const app = await world.app({ config: { RATE_LOGIN_MAX: 3 } });
    const account = newAccount();
    await register(app, account);
    for (let i = 0; i < 2; i++)
      await app.inject(login(account.email, 'wrong password', `10.2.0.${i}`));
    expect((await app.inject(login(account.email, account.password, '10.2.1.0'))).statusCode).toBe(
      200,
    );
    for (let i = 0; i < 2; i++)
      await app.inject(login(account.email, 'wrong password', `10.2.2.${i}`));
    expect((await app.inject(login(account.email, account.password, '10.2.3.0'))).statusCode).toBe(
      200,
    );
  });

  it('count parallel guesses exactly: no more than the limit are checked', async () => {
    await using world = await createWorld();
    const app = await world.app({ config: { RATE_LOGIN_MAX: 3 } });
    const account = newAccount();
    await register(app, account);
    const responses = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        app.inject(login(account.email, 'wrong password', `10.3.0.${i}`)),
      ),
    );
    const statuses = responses.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(3);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(9);
  });
});

describe('registrations per IP', { timeout: 30_000 }, () => {
  it('answer 429 rate_limited with Retry-After beyond RATE_REGISTER_PER_HOUR', async () => {
    await using world = await createWorld();
    const app = await world.app({ config: { RATE_REGISTER_PER_HOUR: 2 } });
    const attempt = (ip: string) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/auth/register',
        payload: newAccount(),
        remoteAddress: ip,
      });
    expect((await attempt('198.51.100.1')).statusCode).toBe(201);
    expect((await attempt('198.51.100.1')).statusCode).toBe(201);
    const refused = await attempt('198.51.100.1');
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toEqual({
      error: { code: 'rate_limited', message: expect.any(String) },
    });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect((await attempt('198.51.100.2')).statusCode).toBe(201);
  });
});

describe('writes per user', { timeout: 30_000 }, () => {
  it('answer 429 beyond RATE_WRITES_PER_MINUTE for the same user', async () => {
    await using world = await createWorld();
    const app = await world.app({ config: { RATE_WRITES_PER_MINUTE: 2 } });
    const session = await register(app);
    const other = await register(app);
    const create = (s: typeof session) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/tokens',
        headers: asSession(s),
        payload: { name: 'ci' },
      });
    expect((await create(session)).statusCode).toBe(201);
    expect((await create(session)).statusCode).toBe(201);
    const refused = await create(session);
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBeDefined();
    expect(refused.json().error.code).toBe('rate_limited');
    expect((await create(other)).statusCode).toBe(201);
  });
});
