import { startMailCatcher, type CaughtMail, type MailCatcher } from '@outloud/testkit';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/core/types.js';
import {
  asSession,
  createWorld,
  newAccount,
  registerAdmin,
  sessionCookieOf,
  uniqueHandle,
  type NewAccount,
  type Session,
  type TestWorld,
} from './helpers.js';

const GERMAN_BROWSER = 'de-DE,de;q=0.9';
const DAY_MS = 24 * 60 * 60 * 1000;

let world: TestWorld;
let catcher: MailCatcher;
let app: App;
let admin: Session;
// The real time at first: the setup link is issued on the real clock.
let now = new Date();

beforeAll(async () => {
  world = await createWorld();
  catcher = await startMailCatcher();
  app = await world.app({
    clock: () => now,
    mailWorker: true,
    config: { PUBLIC_URL: 'http://outloud.test', SMTP_URL: catcher.url },
  });
  admin = await registerAdmin(app, world.db);
});
afterAll(async () => {
  await world?.close();
  await catcher?.close();
});

async function signUp(account: NewAccount, acceptLanguage?: string): Promise<Session> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/register',
    payload: account,
    headers: acceptLanguage ? { 'accept-language': acceptLanguage } : {},
  });
  expect(response.statusCode).toBe(201);
  const body = response.json<{ user: Session['user']; csrfToken: string }>();
  return { cookie: sessionCookieOf(response), csrfToken: body.csrfToken, user: body.user };
}

/** Sends what is queued and returns the newest email to `address`. */
async function lastMailTo(address: string): Promise<CaughtMail> {
  await app.mail!.flush();
  const mail = catcher.messages.filter((m) => m.to.includes(address.toLowerCase())).at(-1);
  if (!mail) throw new Error(`no email to ${address}`);
  return mail;
}

async function forgot(email: string): Promise<void> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/password/forgot',
    payload: { email },
  });
  expect(response.statusCode).toBe(202);
}

async function browserLocaleOf(userId: string) {
  return world.db
    .selectFrom('identity.users')
    .select(['browserLocale', 'browserLocaleAt'])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
}

/** The `browserLocale` of each identity event about this person waiting in the outbox. */
async function announcedBrowserLocales(userId: string): Promise<(string | null | undefined)[]> {
  const { rows } = await sql<{ payload: unknown }>`
    select payload from identity.outbox order by seq`.execute(world.db);
  return rows
    .map(
      (r) =>
        (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as {
          data: { id: string; browserLocale?: string | null };
        },
    )
    .filter((event) => event.data.id === userId)
    .map((event) => event.data.browserLocale);
}

describe('account emails in the person’s language', { timeout: 30_000 }, () => {
  it('writes verification and reset emails in German for a German browser at sign-up', async () => {
    const account = newAccount();
    const session = await signUp(account, GERMAN_BROWSER);
    expect((await browserLocaleOf(session.user.id)).browserLocale).toBe('de');
    // Announced with the account, so the digest follows the same language.
    expect(await announcedBrowserLocales(session.user.id)).toEqual(['de']);

    const verification = await lastMailTo(account.email);
    expect(verification.subject).toBe('Outloud: Bestätige deine E-Mail-Adresse');
    expect(verification.text).toContain(`Hallo ${account.displayName},`);
    expect(verification.html).toContain('E-Mail-Adresse bestätigen');

    await forgot(account.email);
    const reset = await lastMailTo(account.email);
    expect(reset.subject).toBe('Outloud: Setze dein Passwort zurück');
    expect(reset.text).toContain('Neues Passwort wählen: http://outloud.test/#/reset-password');
  });

  it('keeps English without a header, and for a browser asking for no supported language', async () => {
    const plain = newAccount();
    await signUp(plain);
    expect((await lastMailTo(plain.email)).subject).toBe('Outloud: confirm your email address');

    const french = newAccount();
    const session = await signUp(french, 'fr-FR,fr;q=0.9');
    expect((await browserLocaleOf(session.user.id)).browserLocale).toBeNull();
    expect((await lastMailTo(french.email)).subject).toBe('Outloud: confirm your email address');
  });

  it('lets a language chosen in the profile win over the browser’s', async () => {
    const account = newAccount();
    const session = await signUp(account, GERMAN_BROWSER);
    const chosen = await app.inject({
      method: 'PATCH',
      url: '/api/v1/me',
      headers: { ...asSession(session), 'accept-language': GERMAN_BROWSER },
      payload: { locale: 'en' },
    });
    expect(chosen.statusCode).toBe(200);

    await forgot(account.email);
    expect((await lastMailTo(account.email)).subject).toBe('Outloud: reset your password');
  });

  it('learns the browser’s language from GET /me: at once when new, a changed one after a day', async () => {
    const account = newAccount();
    const session = await signUp(account);
    const me = (acceptLanguage: string) =>
      app.inject({
        url: '/api/v1/me',
        headers: { cookie: session.cookie, 'accept-language': acceptLanguage },
      });
    expect((await browserLocaleOf(session.user.id)).browserLocale).toBeNull();

    expect((await me(GERMAN_BROWSER)).statusCode).toBe(200);
    const first = await browserLocaleOf(session.user.id);
    expect(first).toEqual({ browserLocale: 'de', browserLocaleAt: now });
    expect(await announcedBrowserLocales(session.user.id)).toEqual(['de']);

    // The same language again, or another one within the day: nothing is written.
    now = new Date(now.getTime() + 60_000);
    await me(GERMAN_BROWSER);
    await me('en-US,en;q=0.9');
    expect(await browserLocaleOf(session.user.id)).toEqual(first);

    now = new Date(now.getTime() + DAY_MS);
    await me('en-US,en;q=0.9');
    expect((await browserLocaleOf(session.user.id)).browserLocale).toBe('en');
    expect(await announcedBrowserLocales(session.user.id)).toEqual(['de', 'en']);
  });

  it('records a changed language at every password sign-in', async () => {
    const account = newAccount();
    const session = await signUp(account, 'en');
    const signIn = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: account.email, password: account.password },
      headers: { 'accept-language': GERMAN_BROWSER },
    });
    expect(signIn.statusCode).toBe(200);
    expect((await browserLocaleOf(session.user.id)).browserLocale).toBe('de');
    expect(await announcedBrowserLocales(session.user.id)).toEqual(['en', 'de']);
  });

  it('writes an invitation in the inviter’s language', async () => {
    await app.inject({
      url: '/api/v1/me',
      headers: { cookie: admin.cookie, 'accept-language': GERMAN_BROWSER },
    });
    const invitee = `${uniqueHandle('inv')}@example.com`;
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/invitations',
      headers: asSession(admin),
      payload: { emails: [invitee] },
    });
    expect(response.statusCode).toBe(201);
    const mail = await lastMailTo(invitee);
    expect(mail.subject).toBe(`${admin.user.displayName} hat dich zu Outloud eingeladen`);
    expect(mail.text).toContain('Konto erstellen: http://outloud.test/#/invite?token=');
  });
});
