import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { names } from '@outloud/contracts';
import { startOidcProvider, type TestOidcAccount, type TestOidcProvider } from '@outloud/testkit';
import type { App } from '../src/core/types.js';
import type { OidcProviderConfig } from '../src/identity/oidc/oidc-config.js';
import { SESSION_COOKIE } from '../src/identity/sessions.js';
import { createImportPeople } from '../src/imports/import-people.js';
import { writeSettings } from '../src/identity/settings.repository.js';
import { createWorld, newAccount, register, type TestWorld } from './helpers.js';

const PUBLIC_URL = 'http://localhost:8080';
const CALLBACK = `${PUBLIC_URL}/api/v1/auth/oidc/corp/callback`;
const CLIENT = { client_id: 'outloud', client_secret: 'test-client-secret' };

function corpProvider(issuer: string): OidcProviderConfig {
  return {
    id: 'corp',
    name: 'Corp SSO',
    issuer,
    clientId: CLIENT.client_id,
    clientSecret: CLIENT.client_secret,
    scopes: 'openid email profile',
  };
}

async function startProvider(accounts: Record<string, TestOidcAccount> = {}) {
  return startOidcProvider({ clients: [{ ...CLIENT, redirect_uris: [CALLBACK] }], accounts });
}

async function ssoApp(world: TestWorld, provider: TestOidcProvider): Promise<App> {
  return world.app({
    config: { PUBLIC_URL, OIDC_PROVIDERS: [corpProvider(provider.issuer)] },
  });
}

/** A browser's cookies at the provider, just enough to go through its pages. */
class CookieJar {
  private readonly cookies = new Map<string, string>();
  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const name = pair.slice(0, pair.indexOf('='));
      const value = pair.slice(pair.indexOf('=') + 1);
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

/**
 * Signs in at the provider as `sub` (its login page, then its redirects) and returns the
 * callback URL the provider sends the browser to.
 */
async function atProvider(authorizationUrl: string, sub: string): Promise<URL> {
  const jar = new CookieJar();
  let url = new URL(authorizationUrl);
  let loggedIn = false;
  for (let step = 0; step < 10; step++) {
    if (url.href.startsWith(CALLBACK)) return url;
    const page = await fetch(url, { redirect: 'manual', headers: { cookie: jar.header() } });
    jar.take(page);
    if (page.status >= 300 && page.status < 400) {
      url = new URL(page.headers.get('location')!, url);
      continue;
    }
    const html = await page.text();
    if (page.status !== 200 || loggedIn || !html.includes('name="login"')) {
      throw new Error(`unexpected provider page ${page.status} at ${url.pathname}: ${html}`);
    }
    const submit = await fetch(url, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ prompt: 'login', login: sub, password: 'any' }).toString(),
    });
    jar.take(submit);
    loggedIn = true;
    url = new URL(submit.headers.get('location')!, url);
  }
  throw new Error('the provider never sent the browser back');
}

interface Started {
  location: string;
  loginCookie: string;
}

async function start(app: App, query = ''): Promise<Started> {
  const response = await app.inject({ method: 'GET', url: `/api/v1/auth/oidc/corp/start${query}` });
  expect(response.statusCode).toBe(302);
  const cookie = response.cookies.find((c) => c.name === 'outloud_oidc');
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/api/v1/auth/oidc' });
  return {
    location: response.headers.location as string,
    loginCookie: `outloud_oidc=${cookie!.value}`,
  };
}

async function callback(app: App, started: Started, at: URL) {
  return app.inject({
    method: 'GET',
    url: `${at.pathname}${at.search}`,
    headers: { cookie: started.loginCookie },
  });
}

/** Where the callback sent the browser, and the session it started if any. */
function outcome(response: Awaited<ReturnType<typeof callback>>) {
  expect(response.statusCode).toBe(302);
  const session = response.cookies.find((c) => c.name === SESSION_COOKIE && c.value !== '');
  return {
    location: response.headers.location as string,
    cookie: session ? `${SESSION_COOKIE}=${session.value}` : undefined,
  };
}

/** A whole sign-in as `sub`: start, the provider's login, the callback. */
async function signIn(app: App, sub: string, query = '') {
  const started = await start(app, query);
  return outcome(await callback(app, started, await atProvider(started.location, sub)));
}

async function me(app: App, cookie: string | undefined) {
  const response = await app.inject({
    method: 'GET',
    url: '/api/v1/me',
    headers: cookie ? { cookie } : {},
  });
  expect(response.statusCode).toBe(200);
  return response.json<{
    user: { id: string; handle: string; displayName: string; email: string; roles: string[] };
  }>().user;
}

const person = (overrides: Partial<TestOidcAccount> = {}): TestOidcAccount => {
  const name = randomBytes(4).toString('hex');
  return {
    email: `ada.${name}@corp.example`,
    email_verified: true,
    name: `Ada ${name}`,
    preferred_username: `ada.${name}@corp.example`,
    ...overrides,
  };
};

describe('single sign-on with OpenID Connect', { timeout: 60_000 }, () => {
  it('creates the person on first sign-in and signs them in', async () => {
    await using world = await createWorld();
    const ada = person();
    await using provider = await startProvider({ 'sub-ada': ada });
    const app = await ssoApp(world, provider);

    const started = await start(app, '?returnTo=%23%2Fchannels');
    const authorization = new URL(started.location);
    expect(authorization.origin).toBe(provider.issuer);
    expect(authorization.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorization.searchParams.get('redirect_uri')).toBe(CALLBACK);
    for (const param of ['state', 'nonce', 'code_challenge'])
      expect(authorization.searchParams.get(param)).toBeTruthy();

    const result = outcome(
      await callback(app, started, await atProvider(started.location, 'sub-ada')),
    );
    expect(result.location).toBe(`${PUBLIC_URL}/#/channels`);
    const user = await me(app, result.cookie);
    // Signed in only through the provider: there is no Outloud password to change.
    expect(user).toMatchObject({
      email: ada.email,
      displayName: ada.name,
      roles: ['member'],
      hasPassword: false,
    });
    expect(user.handle).toMatch(/^ada_[0-9a-f]{8}$/);

    const session = await world.db
      .selectFrom('identity.sessions')
      .select('method')
      .where('userId', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(session.method).toBe('oidc:corp');
    const row = await world.db
      .selectFrom('identity.users')
      .select(['passwordHash', 'emailVerifiedAt'])
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(row.passwordHash).toBeNull();
    expect(row.emailVerifiedAt).not.toBeNull();
    // The login under way was spent.
    expect(await world.db.selectFrom('identity.oidcLogins').selectAll().execute()).toEqual([]);
  });

  it('signs the same person in again on the next sign-in', async () => {
    await using world = await createWorld();
    await using provider = await startProvider({ 'sub-ada': person() });
    const app = await ssoApp(world, provider);
    const first = await me(app, (await signIn(app, 'sub-ada')).cookie);
    // A new email at the provider does not make a new person: the subject is what counts.
    provider.setAccount('sub-ada', person());
    const second = await signIn(app, 'sub-ada');
    expect(second.location).toBe(`${PUBLIC_URL}/#/`);
    expect((await me(app, second.cookie)).id).toBe(first.id);
    const count = await world.db
      .selectFrom('identity.users')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  it('gives two new people with the same user name different handles', async () => {
    await using world = await createWorld();
    await using provider = await startProvider({
      a: person({ preferred_username: 'sam' }),
      b: person({ preferred_username: 'sam' }),
    });
    const app = await ssoApp(world, provider);
    const a = await me(app, (await signIn(app, 'a')).cookie);
    const b = await me(app, (await signIn(app, 'b')).cookie);
    expect(a.handle).toBe('sam');
    expect(b.handle).toMatch(/^sam_\d{4}$/);
  });

  it('links an existing password account with the same verified email', async () => {
    await using world = await createWorld();
    const app0 = await world.app();
    const account = newAccount();
    const existing = await register(app0, account);
    await using provider = await startProvider({
      'sub-x': person({ email: account.email.toUpperCase() }),
    });
    const app = await ssoApp(world, provider);
    const result = await signIn(app, 'sub-x');
    expect((await me(app, result.cookie)).id).toBe(existing.user.id);
    const link = await world.db
      .selectFrom('identity.oidcLinks')
      .select(['provider', 'subject', 'userId'])
      .executeTakeFirstOrThrow();
    expect(link).toEqual({ provider: 'corp', subject: 'sub-x', userId: existing.user.id });
  });

  it('does not link an existing account when the provider does not vouch for the email', async () => {
    await using world = await createWorld();
    const app0 = await world.app();
    const account = newAccount();
    await register(app0, account);
    await using provider = await startProvider({
      'sub-x': person({ email: account.email, email_verified: false }),
    });
    const app = await ssoApp(world, provider);
    const result = await signIn(app, 'sub-x');
    expect(result.location).toBe(`${PUBLIC_URL}/#/signin?error=sso_email_unverified`);
    expect(result.cookie).toBeUndefined();
    expect(await world.db.selectFrom('identity.oidcLinks').selectAll().execute()).toEqual([]);
  });

  it('refuses a new person under the invite policy but lets a linked person in', async () => {
    await using world = await createWorld();
    await using provider = await startProvider({ known: person(), stranger: person() });
    const app = await ssoApp(world, provider);
    const known = await me(app, (await signIn(app, 'known')).cookie);
    await writeSettings(
      world.db,
      { signup: 'invite', allowedDomains: [], passwordLogin: true },
      new Date(),
    );

    const refused = await signIn(app, 'stranger');
    expect(refused.location).toBe(`${PUBLIC_URL}/#/signin?error=signup_closed`);
    expect(refused.cookie).toBeUndefined();
    const again = await signIn(app, 'known');
    expect((await me(app, again.cookie)).id).toBe(known.id);
  });

  it('lets an invited person in under the invite policy, with the invitation’s roles', async () => {
    await using world = await createWorld();
    const invited = person();
    await using provider = await startProvider({ invited });
    const app = await ssoApp(world, provider);
    await writeSettings(
      world.db,
      { signup: 'invite', allowedDomains: [], passwordLogin: true },
      new Date(),
    );
    const invitation = await world.db
      .insertInto('identity.invitations')
      .values({
        email: invited.email!.toUpperCase(),
        roles: ['member', 'manager'],
        tokenHash: randomBytes(16).toString('hex'),
        invitedBy: null,
        expiresAt: new Date(Date.now() + 60 * 60 * 1000),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // An older invitation of the same address, from someone else: its link has nothing left to do.
    const older = await world.db
      .insertInto('identity.invitations')
      .values({
        email: invited.email!,
        roles: ['member'],
        tokenHash: randomBytes(16).toString('hex'),
        invitedBy: null,
        createdAt: new Date(Date.now() - 60 * 60 * 1000),
        expiresAt: new Date(Date.now() + 60 * 60 * 1000),
      })
      .returning('id')
      .executeTakeFirstOrThrow();

    const user = await me(app, (await signIn(app, 'invited')).cookie);
    expect(user.roles).toEqual(['member', 'manager']);
    const accepted = await world.db
      .selectFrom('identity.invitations')
      .select(['acceptedAt', 'acceptedBy'])
      .where('id', '=', invitation.id)
      .executeTakeFirstOrThrow();
    expect(accepted.acceptedBy).toBe(user.id);
    expect(accepted.acceptedAt).not.toBeNull();
    const ended = await world.db
      .selectFrom('identity.invitations')
      .select(['acceptedAt', 'revokedAt'])
      .where('id', '=', older.id)
      .executeTakeFirstOrThrow();
    expect(ended.acceptedAt).toBeNull();
    expect(ended.revokedAt).not.toBeNull();
  });

  it('gives an import’s placeholder with the verified address to the person it names', async () => {
    await using world = await createWorld();
    const dana = person();
    await using provider = await startProvider({ dana });
    const app = await ssoApp(world, provider);
    await writeSettings(
      world.db,
      { signup: 'invite', allowedDomains: [], passwordLogin: true },
      new Date(),
    );
    // An import kept Dana's contributions under an account that nobody can sign in to yet.
    const imported = createImportPeople({
      db: world.db,
      names: names(),
      source: 'stackexchange',
      clock: () => new Date(),
    });
    const placeholder = (
      await imported.resolve([{ key: '7', displayName: 'Dana Imported', email: dana.email! }])
    ).get('7')!;

    // Not invited under the invite policy: the placeholder stays inactive and unlinked.
    const refused = await signIn(app, 'dana');
    expect(refused.location).toBe(`${PUBLIC_URL}/#/signin?error=account_inactive`);
    expect(refused.cookie).toBeUndefined();
    expect(await world.db.selectFrom('identity.oidcLinks').selectAll().execute()).toEqual([]);

    const invitation = await world.db
      .insertInto('identity.invitations')
      .values({
        email: dana.email!,
        roles: ['member', 'ld'],
        tokenHash: randomBytes(16).toString('hex'),
        invitedBy: null,
        expiresAt: new Date(Date.now() + 60 * 60 * 1000),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const user = await me(app, (await signIn(app, 'dana')).cookie);
    // The same account, so the imported contributions are theirs; named as the provider names them.
    expect(user).toMatchObject({
      id: placeholder.id,
      handle: placeholder.handle,
      displayName: dana.name,
      roles: ['member', 'ld'],
      hasPassword: false,
    });
    const accepted = await world.db
      .selectFrom('identity.invitations')
      .select('acceptedBy')
      .where('id', '=', invitation.id)
      .executeTakeFirstOrThrow();
    expect(accepted.acceptedBy).toBe(placeholder.id);
    const link = await world.db
      .selectFrom('identity.oidcLinks')
      .select(['subject', 'userId'])
      .executeTakeFirstOrThrow();
    expect(link).toEqual({ subject: 'dana', userId: placeholder.id });
    // The next sign-in finds the person by the link.
    expect((await me(app, (await signIn(app, 'dana')).cookie)).id).toBe(placeholder.id);
  });

  it('refuses a callback whose state is not the one sent', async () => {
    await using world = await createWorld();
    await using provider = await startProvider({ ada: person() });
    const app = await ssoApp(world, provider);
    const started = await start(app);
    const at = await atProvider(started.location, 'ada');
    at.searchParams.set('state', 'forged-state');
    const result = outcome(await callback(app, started, at));
    expect(result.location).toBe(`${PUBLIC_URL}/#/signin?error=sso_failed`);
    expect(result.cookie).toBeUndefined();
  });

  it('refuses an ID token whose nonce is not the one sent', async () => {
    await using world = await createWorld();
    await using provider = await startProvider({ ada: person() });
    const app = await ssoApp(world, provider);
    const started = await start(app);
    await world.db.updateTable('identity.oidcLogins').set({ nonce: 'tampered-nonce' }).execute();
    const result = outcome(await callback(app, started, await atProvider(started.location, 'ada')));
    expect(result.location).toBe(`${PUBLIC_URL}/#/signin?error=sso_failed`);
    expect(result.cookie).toBeUndefined();
    expect(await world.db.selectFrom('identity.users').selectAll().execute()).toEqual([]);
  });

  it('refuses a replayed callback, with or without a new sign-in under way', async () => {
    await using world = await createWorld();
    await using provider = await startProvider({ ada: person() });
    const app = await ssoApp(world, provider);
    const started = await start(app);
    const at = await atProvider(started.location, 'ada');
    expect(outcome(await callback(app, started, at)).cookie).toBeDefined();

    const replayed = outcome(await callback(app, started, at));
    expect(replayed.location).toBe(`${PUBLIC_URL}/#/signin?error=sso_failed`);
    expect(replayed.cookie).toBeUndefined();
    const other = await start(app);
    const withOther = outcome(await callback(app, other, at));
    expect(withOther.location).toBe(`${PUBLIC_URL}/#/signin?error=sso_failed`);
    expect(withOther.cookie).toBeUndefined();
  });

  it('refuses a callback without the browser’s sign-in cookie', async () => {
    await using world = await createWorld();
    await using provider = await startProvider({ ada: person() });
    const app = await ssoApp(world, provider);
    const started = await start(app);
    const at = await atProvider(started.location, 'ada');
    const result = outcome(await callback(app, { ...started, loginCookie: '' }, at));
    expect(result.location).toBe(`${PUBLIC_URL}/#/signin?error=sso_failed`);
  });

  it('sends the browser back to the sign-in page when the provider refuses', async () => {
    await using world = await createWorld();
    await using provider = await startProvider({ ada: person() });
    const app = await ssoApp(world, provider);
    const started = await start(app);
    const state = new URL(started.location).searchParams.get('state')!;
    const at = new URL(`${CALLBACK}?error=access_denied&state=${state}`);
    const result = outcome(await callback(app, started, at));
    expect(result.location).toBe(`${PUBLIC_URL}/#/signin?error=sso_cancelled`);
  });

  it('ignores a returnTo that is not a route of the app', async () => {
    await using world = await createWorld();
    await using provider = await startProvider({ ada: person() });
    const app = await ssoApp(world, provider);
    for (const returnTo of ['https://evil.example/#/', '//evil.example', '#/ok\\evil', '/#/x']) {
      const result = await signIn(app, 'ada', `?returnTo=${encodeURIComponent(returnTo)}`);
      expect(result.location).toBe(`${PUBLIC_URL}/#/`);
      expect(result.cookie).toBeDefined();
    }
  });

  it('starts no session for a suspended linked person', async () => {
    await using world = await createWorld();
    await using provider = await startProvider({ ada: person() });
    const app = await ssoApp(world, provider);
    const ada = await me(app, (await signIn(app, 'ada')).cookie);
    await world.db
      .updateTable('identity.users')
      .set({ status: 'suspended' })
      .where('id', '=', ada.id)
      .execute();
    const before = await world.db.selectFrom('identity.sessions').selectAll().execute();

    const result = await signIn(app, 'ada');
    expect(result.location).toBe(`${PUBLIC_URL}/#/signin?error=account_inactive`);
    expect(result.cookie).toBeUndefined();
    expect(await world.db.selectFrom('identity.sessions').selectAll().execute()).toHaveLength(
      before.length,
    );
  });

  it('answers 404 for an unknown provider and 503 when the provider is down', async () => {
    await using world = await createWorld();
    const provider = await startProvider();
    const app = await ssoApp(world, provider);
    const unknown = await app.inject({ method: 'GET', url: '/api/v1/auth/oidc/other/start' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('not_found');
    await provider.close();
    const down = await app.inject({ method: 'GET', url: '/api/v1/auth/oidc/corp/start' });
    expect(down.statusCode).toBe(503);
    expect(down.json().error.code).toBe('unavailable');
  });

  it('lists the providers and whether password sign-in and sign-up are on', async () => {
    await using world = await createWorld();
    await using provider = await startProvider();
    const app = await ssoApp(world, provider);
    const providers = async () =>
      (await app.inject({ method: 'GET', url: '/api/v1/auth/providers' })).json<unknown>();
    expect(await providers()).toEqual({
      password: true,
      oidc: [{ id: 'corp', name: 'Corp SSO' }],
      signup: 'open',
    });
    await writeSettings(
      world.db,
      { signup: 'invite', allowedDomains: [], passwordLogin: false },
      new Date(),
    );
    expect(await providers()).toEqual({
      password: false,
      oidc: [{ id: 'corp', name: 'Corp SSO' }],
      signup: 'invite',
    });
    const none = await world.app();
    expect(
      (await none.inject({ method: 'GET', url: '/api/v1/auth/providers' })).json(),
    ).toMatchObject({ oidc: [] });
  });
});
