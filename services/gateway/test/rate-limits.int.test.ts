import { describe, expect, it } from 'vitest';
import { asSession, createWorld, newAccount, register } from './helpers.js';

const login = (email: string, password: string, ip = '10.1.1.1') => ({
  method: 'POST' as const,
  url: '/api/v1/auth/login',
  payload: { email, password },
  remoteAddress: ip,
});

describe('failed sign-ins', { timeout: 120_000 }, () => {
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

  it('a locked account does not lock out another account behind the same IP', async () => {
    await using world = await createWorld();
    const app = await world.app();
    const locked = newAccount();
    const colleague = newAccount();
    await register(app, locked);
    await register(app, colleague);
    const office = '192.0.2.7';
    for (let i = 0; i < 10; i++) {
      expect((await app.inject(login(locked.email, 'wrong password', office))).statusCode).toBe(
        401,
      );
    }
    expect((await app.inject(login(locked.email, locked.password, office))).statusCode).toBe(429);
    const colleagueIn = await app.inject(login(colleague.email, colleague.password, office));
    expect(colleagueIn.statusCode).toBe(200);
    // A typo of the colleague's is still judged on its own account, not refused for the office.
    expect((await app.inject(login(colleague.email, 'typo password', office))).statusCode).toBe(
      401,
    );
  });

  it('after 100 failures from one IP over many accounts, refuse that IP with 429', async () => {
    await using world = await createWorld();
    const app = await world.app();
    const victim = newAccount();
    await register(app, victim);
    const attacker = '198.51.100.66';
    // Ten unknown emails, ten guesses each: no account reaches its own limit.
    for (let batch = 0; batch < 10; batch++) {
      const responses = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          app.inject(login(`guess${i}@example.com`, `wrong password ${batch}`, attacker)),
        ),
      );
      expect(responses.map((r) => r.statusCode)).toEqual(Array(10).fill(401));
    }
    const refused = await app.inject(login(victim.email, victim.password, attacker));
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.code).toBe('rate_limited');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(
      (await app.inject(login('fresh@example.com', 'wrong password', attacker))).statusCode,
    ).toBe(429);
    expect(
      (await app.inject(login(victim.email, victim.password, '198.51.100.67'))).statusCode,
    ).toBe(200);
  });

  it('share the counts between gateway instances', async () => {
    await using world = await createWorld();
    const first = await world.app({ config: { RATE_LOGIN_MAX: 4, RATE_LOGIN_IP_MAX: 6 } });
    const second = await world.app({ config: { RATE_LOGIN_MAX: 4, RATE_LOGIN_IP_MAX: 6 } });
    const account = newAccount();
    await register(first, account);
    for (const app of [first, second, first, second]) {
      expect(
        (await app.inject(login(account.email, 'wrong password', '10.7.0.1'))).statusCode,
      ).toBe(401);
    }
    expect(
      (await second.inject(login(account.email, account.password, '10.7.0.2'))).statusCode,
    ).toBe(429);
    // The IP's count is shared too: 4 failures above plus 2 more reach its limit of 6.
    for (const app of [first, second]) {
      expect(
        (await app.inject(login('other@example.com', 'wrong password', '10.7.0.1'))).statusCode,
      ).toBe(401);
    }
    expect(
      (await first.inject(login('third@example.com', 'wrong password', '10.7.0.1'))).statusCode,
    ).toBe(429);
  });

  it('count unknown emails per email like real accounts', async () => {
    await using world = await createWorld();
    const app = await world.app({ config: { RATE_LOGIN_MAX: 3 } });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push(
        (await app.inject(login('nobody@example.com', 'wrong password', `10.5.0.${i}`))).statusCode,
      );
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
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

describe('client IPs behind TRUST_PROXY', { timeout: 30_000 }, () => {
  const viaProxy = (proxy: string, forwardedFor: string, email: string) => ({
    ...login(email, 'wrong password', proxy),
    headers: { 'x-forwarded-for': forwardedFor },
  });

  it('with a hop count, a forged X-Forwarded-For beyond the trusted hop does not change the key', async () => {
    await using world = await createWorld();
    const app = await world.app({ config: { TRUST_PROXY: 1, RATE_LOGIN_IP_MAX: 3 } });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      // The proxy appends the real client (203.0.113.5); the client forges the entries before it.
      const forged = `10.66.0.${i}, 172.16.0.${i}, 203.0.113.5`;
      statuses.push(
        (await app.inject(viaProxy('127.0.0.1', forged, `a${i}@example.com`))).statusCode,
      );
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
    // Another client behind the same proxy has its own count.
    expect(
      (await app.inject(viaProxy('127.0.0.1', '203.0.113.6', 'b@example.com'))).statusCode,
    ).toBe(401);
  });

  it('with a list of proxy ranges, trusts only those peers, skipping every trusted hop', async () => {
    await using world = await createWorld();
    const app = await world.app({
      config: { TRUST_PROXY: ['127.0.0.1', '10.0.0.0/8'], RATE_LOGIN_IP_MAX: 2 },
    });
    // Two proxies inside 10/8 in a chain: the client is the first untrusted address from the right.
    expect(
      (await app.inject(viaProxy('10.1.0.1', '6.6.6.6, 198.51.100.9, 10.2.0.2', 'c1@example.com')))
        .statusCode,
    ).toBe(401);
    expect(
      (await app.inject(viaProxy('10.3.0.1', '7.7.7.7, 198.51.100.9', 'c2@example.com')))
        .statusCode,
    ).toBe(401);
    expect(
      (await app.inject(viaProxy('127.0.0.1', '198.51.100.9', 'c3@example.com'))).statusCode,
    ).toBe(429);
    // A peer outside the list is the client itself, whatever it claims to forward for.
    expect(
      (await app.inject(viaProxy('192.0.2.50', '198.51.100.10', 'd1@example.com'))).statusCode,
    ).toBe(401);
    expect(
      (await app.inject(viaProxy('192.0.2.50', '198.51.100.11', 'd2@example.com'))).statusCode,
    ).toBe(401);
    expect(
      (await app.inject(viaProxy('192.0.2.50', '198.51.100.12', 'd3@example.com'))).statusCode,
    ).toBe(429);
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
