import { describe, expect, it } from 'vitest';
import { asSession, createWorld, newAccount, register, registerAdmin } from './helpers.js';

/**
 * Under the email-domain policy anyone can type an address at the company's domain, so the
 * account only opens once the address is confirmed through the link sent to it.
 */
describe('sign-up by email domain', { timeout: 30_000 }, () => {
  it('opens nothing but the confirmation until the address is confirmed', async () => {
    await using world = await createWorld();
    const app = await world.app({ mailWorker: false });
    const admin = await registerAdmin(app, world.db);
    const policy = await app.inject({
      method: 'PUT',
      url: '/api/v1/admin/settings',
      headers: asSession(admin),
      payload: { signup: 'domain', allowedDomains: ['corp.example'], passwordLogin: true },
    });
    expect(policy.statusCode).toBe(200);

    const outsider = await register(app, newAccount({ email: 'ceo@corp.example' }));
    const me = await app.inject({ url: '/api/v1/me', headers: { cookie: outsider.cookie } });
    expect(me.statusCode).toBe(200);
    expect(me.json().user).toMatchObject({ emailVerified: false, verificationPending: true });

    // Reading colleagues, making tokens, live updates: all closed until confirmed.
    const people = await app.inject({
      url: '/api/v1/users?q=a',
      headers: { cookie: outsider.cookie },
    });
    expect(people.statusCode).toBe(403);
    expect(people.json().error.code).toBe('email_unverified');
    const token = await app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: asSession(outsider),
      payload: { name: 'scraper' },
    });
    expect(token.json().error.code).toBe('email_unverified');
    expect(await app.identity.authenticateSocket({ cookieHeader: outsider.cookie })).toBeNull();

    // The owner of the address opens the link sent to it.
    const email = await world.db
      .selectFrom('identity.emails')
      .select('link')
      .where('toAddress', '=', 'ceo@corp.example')
      .where('purpose', '=', 'verify_email')
      .executeTakeFirstOrThrow();
    const verifyToken = new URL(email.link!.replace('#/', '')).searchParams.get('token')!;
    const verified = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/verify-email',
      payload: { token: verifyToken },
    });
    expect(verified.statusCode).toBe(204);

    const after = await app.inject({
      url: '/api/v1/users?q=a',
      headers: { cookie: outsider.cookie },
    });
    expect(after.statusCode).toBe(200);
    expect(await app.identity.authenticateSocket({ cookieHeader: outsider.cookie })).not.toBeNull();
  });

  it('leaves people who joined under an open policy as they were', async () => {
    await using world = await createWorld();
    const app = await world.app({ mailWorker: false });
    const member = await register(app);
    const me = await app.inject({ url: '/api/v1/me', headers: { cookie: member.cookie } });
    expect(me.json().user).toMatchObject({ emailVerified: false, verificationPending: false });
    const people = await app.inject({
      url: '/api/v1/users?q=a',
      headers: { cookie: member.cookie },
    });
    expect(people.statusCode).toBe(200);
  });
});
