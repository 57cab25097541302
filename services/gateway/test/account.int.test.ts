import { startMailCatcher, type CaughtMail, type MailCatcher } from '@outloud/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/core/types.js';
import {
  asSession,
  createWorld,
  newAccount,
  register,
  registerAdmin,
  type NewAccount,
  type TestWorld,
} from './helpers.js';

const PUBLIC_URL = 'http://outloud.test';

/** The token of a `#/<route>?token=…` link in a caught email. */
function tokenIn(catcher: MailCatcher, mail: CaughtMail, route: string): string {
  const link = catcher.linksIn(mail).find((l) => l.startsWith(`${PUBLIC_URL}/#/${route}?token=`));
  if (!link) throw new Error(`no ${route} link in "${mail.subject}"`);
  return decodeURIComponent(link.slice(link.indexOf('token=') + 'token='.length));
}

const signIn = (app: App, account: Pick<NewAccount, 'email' | 'password'>) =>
  app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email: account.email, password: account.password },
  });

const forgot = (app: App, email: string, ip = '10.0.0.1') =>
  app.inject({
    method: 'POST',
    url: '/api/v1/auth/password/forgot',
    payload: { email },
    remoteAddress: ip,
  });

const reset = (app: App, token: string, password: string) =>
  app.inject({
    method: 'POST',
    url: '/api/v1/auth/password/reset',
    payload: { token, password },
  });

describe('account emails, password reset and change, sessions', { timeout: 30_000 }, () => {
  let world: TestWorld;
  let catcher: MailCatcher;
  let now = new Date();
  let app: App;

  beforeAll(async () => {
    world = await createWorld();
    catcher = await startMailCatcher();
    app = await world.app({
      clock: () => now,
      mailWorker: true,
      config: {
        PUBLIC_URL,
        SMTP_URL: catcher.url,
        RATE_PASSWORD_RESET_PER_HOUR: 3,
        RESET_TOKEN_TTL_MINUTES: 30,
      },
    });
  });
  afterAll(async () => {
    await world?.close();
    await catcher?.close();
  });

  /** Sends what is queued and returns the newest email to `address`. */
  async function lastMailTo(address: string, subject: RegExp): Promise<CaughtMail> {
    await app.mail!.flush();
    const mails = catcher.messages.filter(
      (m) => m.to.includes(address.toLowerCase()) && subject.test(m.subject),
    );
    const mail = mails.at(-1);
    if (!mail) throw new Error(`no email "${subject}" to ${address}`);
    return mail;
  }

  describe('email verification', () => {
    it('sends a link on sign-up that confirms the address once', async () => {
      const account = newAccount();
      const session = await register(app, account);
      const me = () => app.inject({ url: '/api/v1/me', headers: { cookie: session.cookie } });
      expect((await me()).json().user.emailVerified).toBe(false);

      const mail = await lastMailTo(account.email, /confirm your email/);
      expect(mail.html).toContain('Confirm my email');
      const token = tokenIn(catcher, mail, 'verify-email');
      const verify = () =>
        app.inject({ method: 'POST', url: '/api/v1/auth/verify-email', payload: { token } });
      expect((await verify()).statusCode).toBe(204);
      expect((await me()).json().user.emailVerified).toBe(true);

      const again = await verify();
      expect(again.statusCode).toBe(400);
      expect(again.json().error.code).toBe('invalid_token');
      // Once confirmed, asking again sends nothing.
      const resend = await app.inject({
        method: 'POST',
        url: '/api/v1/me/verify-email',
        headers: asSession(session),
      });
      expect(resend.statusCode).toBe(202);
      expect(resend.json().status).toBe('verified');
    });

    it('re-sends on request, and only the newest link works', async () => {
      const account = newAccount();
      const session = await register(app, account);
      const first = tokenIn(catcher, await lastMailTo(account.email, /confirm/), 'verify-email');
      const resend = await app.inject({
        method: 'POST',
        url: '/api/v1/me/verify-email',
        headers: asSession(session),
      });
      expect(resend.json().status).toBe('sent');
      const second = tokenIn(catcher, await lastMailTo(account.email, /confirm/), 'verify-email');
      expect(second).not.toBe(first);
      const old = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/verify-email',
        payload: { token: first },
      });
      expect(old.json().error.code).toBe('invalid_token');
      const fresh = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/verify-email',
        payload: { token: second },
      });
      expect(fresh.statusCode).toBe(204);
    });

    it('clears the bodies and link of a sent email', async () => {
      const account = newAccount();
      await register(app, account);
      await lastMailTo(account.email, /confirm/);
      const row = await world.db
        .selectFrom('identity.emails')
        .select(['text', 'html', 'link', 'sentAt', 'attempts'])
        .where('toAddress', '=', account.email)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({ text: null, html: null, link: null, attempts: 1 });
      expect(row.sentAt).not.toBeNull();
    });
  });

  describe('password reset', () => {
    it('mails a single-use link that sets the password and ends every session', async () => {
      const account = newAccount();
      const session = await register(app, account);
      const other = await signIn(app, account);
      expect(other.statusCode).toBe(200);

      const asked = await forgot(app, account.email.toUpperCase(), '10.0.1.1');
      expect(asked.statusCode).toBe(202);
      const mail = await lastMailTo(account.email, /reset your password/);
      const token = tokenIn(catcher, mail, 'reset-password');

      const done = await reset(app, token, 'a brand new password');
      expect(done.statusCode).toBe(204);
      // Every session ended, this browser's included.
      const me = await app.inject({ url: '/api/v1/me', headers: { cookie: session.cookie } });
      expect(me.statusCode).toBe(401);
      expect((await signIn(app, account)).statusCode).toBe(401);
      expect(
        (await signIn(app, { email: account.email, password: 'a brand new password' })).statusCode,
      ).toBe(200);

      const reused = await reset(app, token, 'yet another password');
      expect(reused.statusCode).toBe(400);
      expect(reused.json().error.code).toBe('invalid_token');
    });

    it('answers the same for an unknown address and sends nothing', async () => {
      const known = newAccount();
      await register(app, known);
      await app.mail!.flush();
      const before = catcher.messages.length;
      const unknown = `nobody_${Date.now()}@example.com`;
      const a = await forgot(app, known.email, '10.0.2.1');
      const b = await forgot(app, unknown, '10.0.2.2');
      expect(a.statusCode).toBe(202);
      expect(b.statusCode).toBe(202);
      expect(b.body).toBe(a.body);
      await app.mail!.flush();
      const sent = catcher.messages.slice(before);
      expect(sent.map((m) => m.to[0])).toEqual([known.email.toLowerCase()]);
    });

    it('accepts only the latest link', async () => {
      const account = newAccount();
      await register(app, account);
      await forgot(app, account.email, '10.0.3.1');
      const first = tokenIn(catcher, await lastMailTo(account.email, /reset/), 'reset-password');
      await forgot(app, account.email, '10.0.3.1');
      const second = tokenIn(catcher, await lastMailTo(account.email, /reset/), 'reset-password');
      expect((await reset(app, first, 'a brand new password')).json().error.code).toBe(
        'invalid_token',
      );
      expect((await reset(app, second, 'a brand new password')).statusCode).toBe(204);
    });

    it('refuses a link after it expired', async () => {
      const account = newAccount();
      await register(app, account);
      await forgot(app, account.email, '10.0.4.1');
      const token = tokenIn(catcher, await lastMailTo(account.email, /reset/), 'reset-password');
      const asked = now;
      try {
        now = new Date(asked.getTime() + 31 * 60_000);
        const late = await reset(app, token, 'a brand new password');
        expect(late.statusCode).toBe(400);
        expect(late.json().error.code).toBe('invalid_token');
      } finally {
        now = asked;
      }
    });

    it('limits requests per address, known or not, with Retry-After', async () => {
      for (const email of [newAccount().email, `ghost_${Date.now()}@example.com`]) {
        if (!email.startsWith('ghost')) await register(app, newAccount({ email }));
        // Each from another IP: the per-address limit (3 an hour here) is what stops them.
        for (let i = 0; i < 3; i++)
          expect((await forgot(app, email, `10.1.0.${i}`)).statusCode).toBe(202);
        const over = await forgot(app, email, '10.1.0.99');
        expect(over.statusCode).toBe(429);
        expect(over.json().error.code).toBe('rate_limited');
        expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
      }
    });

    it('limits requests per client IP', async () => {
      const ip = '10.2.0.1';
      for (let i = 0; i < 3; i++) {
        expect((await forgot(app, `ip_${i}_${Date.now()}@example.com`, ip)).statusCode).toBe(202);
      }
      const over = await forgot(app, `ip_x_${Date.now()}@example.com`, ip);
      expect(over.statusCode).toBe(429);
      expect(over.headers['retry-after']).toBeDefined();
    });
  });

  describe('changing the password', () => {
    it('needs the current password and ends the other sessions only', async () => {
      const account = newAccount();
      const session = await register(app, account);
      const otherCookie = (await signIn(app, account)).cookies.find(
        (c) => c.name === 'outloud_session',
      )!;
      const change = (currentPassword: string) =>
        app.inject({
          method: 'PUT',
          url: '/api/v1/me/password',
          headers: asSession(session),
          payload: { currentPassword, newPassword: 'my second password' },
        });
      const wrong = await change('not my password');
      expect(wrong.statusCode).toBe(400);
      expect(wrong.json().error.code).toBe('wrong_password');

      expect((await change(account.password)).statusCode).toBe(204);
      const mine = await app.inject({ url: '/api/v1/me', headers: { cookie: session.cookie } });
      expect(mine.statusCode).toBe(200);
      const theirs = await app.inject({
        url: '/api/v1/me',
        headers: { cookie: `outloud_session=${otherCookie.value}` },
      });
      expect(theirs.statusCode).toBe(401);
      expect(
        (await signIn(app, { email: account.email, password: 'my second password' })).statusCode,
      ).toBe(200);
    });
  });

  describe('sessions', () => {
    it('lists them without secrets, ends one, and ends all others', async () => {
      const account = newAccount();
      const session = await register(app, account);
      const secondCookie = (await signIn(app, account)).cookies.find(
        (c) => c.name === 'outloud_session',
      )!.value;
      await signIn(app, account);
      const list = async () => {
        const response = await app.inject({
          url: '/api/v1/me/sessions',
          headers: { cookie: session.cookie, 'user-agent': 'Phone Browser' },
        });
        expect(response.statusCode).toBe(200);
        return response.json<{ items: { id: string; current: boolean }[] }>().items;
      };
      const items = await list();
      expect(items).toHaveLength(3);
      expect(items.filter((s) => s.current)).toHaveLength(1);
      const stored = await world.db.selectFrom('identity.sessions').select('id').execute();
      for (const item of items) {
        expect(item.id).toMatch(/^[0-9a-f]{16}$/);
        expect(stored.some((s) => s.id.startsWith(item.id))).toBe(false);
        expect(secondCookie).not.toContain(item.id);
      }

      const one = items.find((s) => !s.current)!;
      const ended = await app.inject({
        method: 'DELETE',
        url: `/api/v1/me/sessions/${one.id}`,
        headers: asSession(session),
      });
      expect(ended.statusCode).toBe(204);
      expect(await list()).toHaveLength(2);
      const unknown = await app.inject({
        method: 'DELETE',
        url: `/api/v1/me/sessions/${one.id}`,
        headers: asSession(session),
      });
      expect(unknown.statusCode).toBe(404);

      const others = await app.inject({
        method: 'DELETE',
        url: '/api/v1/me/sessions',
        headers: asSession(session),
      });
      expect(others.statusCode).toBe(204);
      const left = await list();
      expect(left).toHaveLength(1);
      expect(left[0]!.current).toBe(true);
    });

    it("cannot end someone else's session", async () => {
      const a = await register(app);
      const b = await register(app);
      const theirs = await app.inject({
        url: '/api/v1/me/sessions',
        headers: { cookie: b.cookie },
      });
      const id = theirs.json<{ items: { id: string }[] }>().items[0]!.id;
      const attempt = await app.inject({
        method: 'DELETE',
        url: `/api/v1/me/sessions/${id}`,
        headers: asSession(a),
      });
      expect(attempt.statusCode).toBe(404);
      expect(
        (await app.inject({ url: '/api/v1/me', headers: { cookie: b.cookie } })).statusCode,
      ).toBe(200);
    });
  });
});

describe('sign-up settings and the outbox', { timeout: 30_000 }, () => {
  it('are for admins only; changes are audited and domains normalised', async () => {
    await using world = await createWorld();
    const app = await world.app();
    const admin = await registerAdmin(app, world.db);
    const member = await register(app);

    const put = (headers: Record<string, string>, payload: object) =>
      app.inject({ method: 'PUT', url: '/api/v1/admin/settings', headers, payload });
    const body = { signup: 'domain', allowedDomains: ['example.com'], passwordLogin: true };
    expect((await put(asSession(member), body)).statusCode).toBe(403);
    expect(
      (await app.inject({ url: '/api/v1/admin/settings', headers: { cookie: member.cookie } }))
        .statusCode,
    ).toBe(403);
    expect(
      (await app.inject({ url: '/api/v1/admin/outbox', headers: { cookie: member.cookie } }))
        .statusCode,
    ).toBe(403);

    const saved = await put(asSession(admin), body);
    expect(saved.statusCode).toBe(200);
    expect(saved.json().settings).toEqual(body);
    const read = await app.inject({
      url: '/api/v1/admin/settings',
      headers: { cookie: admin.cookie },
    });
    expect(read.json().settings).toEqual(body);

    const audit = await world.db
      .selectFrom('identity.auditLog')
      .select(['action', 'actorId', 'details'])
      .where('action', '=', 'settings.update')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actorId).toBe(admin.user.id);
    expect(audit[0]!.details).toMatchObject({
      before: { signup: 'open' },
      after: { signup: 'domain', allowedDomains: ['example.com'] },
    });

    // Someone at another domain is refused, one at the allowed domain gets in.
    const outsider = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: newAccount({ email: `x_${Date.now()}@elsewhere.org` }),
    });
    expect(outsider.statusCode).toBe(403);
    expect(outsider.json().error.code).toBe('signup_closed');
    await register(app, newAccount());
  });

  it('refuses to turn password sign-in off without single sign-on, and domain sign-up without domains', async () => {
    await using world = await createWorld();
    const app = await world.app();
    const admin = await registerAdmin(app, world.db);
    for (const payload of [
      { signup: 'open', allowedDomains: [], passwordLogin: false },
      { signup: 'domain', allowedDomains: [], passwordLogin: true },
    ]) {
      const refused = await app.inject({
        method: 'PUT',
        url: '/api/v1/admin/settings',
        headers: asSession(admin),
        payload,
      });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().error.message).toMatch(/sign-on|domain/);
    }
  });

  it('lists emails newest first with their links while no SMTP server is set, in pages', async () => {
    await using world = await createWorld();
    const app = await world.app({ mailWorker: true, config: { PUBLIC_URL } });
    const admin = await registerAdmin(app, world.db);
    const addresses: string[] = [];
    for (let i = 0; i < 3; i++) {
      const account = newAccount();
      addresses.push(account.email);
      await register(app, account);
    }
    await app.mail!.flush();
    // Logged once only: a second pass handles nothing.
    expect(await app.mail!.flush()).toBe(0);

    const page = async (cursor?: string) => {
      const response = await app.inject({
        url: `/api/v1/admin/outbox?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        headers: { cookie: admin.cookie },
      });
      expect(response.statusCode).toBe(200);
      return response.json<{
        items: { to: string; link: string | null; sentAt: string | null; lastError: string }[];
        nextCursor: string | null;
        smtp: boolean;
      }>();
    };
    const first = await page();
    expect(first.smtp).toBe(false);
    expect(first.items).toHaveLength(2);
    const second = await page(first.nextCursor!);
    expect(second.nextCursor).toBeNull();
    const all = [...first.items, ...second.items];
    expect(all.map((e) => e.to)).toEqual([...addresses].reverse());
    for (const email of all) {
      expect(email.link).toMatch(/^http:\/\/outloud\.test\/#\/verify-email\?token=/);
      expect(email.sentAt).toBeNull();
      expect(email.lastError).toMatch(/no SMTP server/);
    }
  });

  it('lists no links once an SMTP server is set, not even of emails still waiting', async () => {
    await using world = await createWorld();
    // No worker runs: the reset email stays queued, as while the mail server is retried.
    const app = await world.app({
      mailWorker: false,
      config: { PUBLIC_URL, SMTP_URL: 'smtp://127.0.0.1:1' },
    });
    const admin = await registerAdmin(app, world.db);
    const person = await register(app);
    const asked = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/password/forgot',
      payload: { email: `${person.user.handle}@example.com` },
    });
    expect(asked.statusCode).toBe(202);

    const response = await app.inject({
      url: '/api/v1/admin/outbox',
      headers: { cookie: admin.cookie },
    });
    const page = response.json<{
      items: { purpose: string; link: string | null; sentAt: string | null }[];
      smtp: boolean;
    }>();
    expect(page.smtp).toBe(true);
    const reset = page.items.find((e) => e.purpose === 'reset_password');
    expect(reset).toMatchObject({ sentAt: null, link: null });
    expect(response.body).not.toContain('token=');
  });
});
