import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry, User } from '@outloud/contracts';
import type { App } from '../src/core/types.js';
import {
  asSession,
  createWorld,
  newAccount,
  register,
  registerAdmin,
  uniqueHandle,
  type Session,
  type TestWorld,
} from './helpers.js';

let world: TestWorld;
let app: App;
let admin: Session;
let now: Date;

beforeAll(async () => {
  world = await createWorld();
  now = new Date('2026-12-06T12:00:00.000Z');
  // Each reading of the clock a millisecond later, so "newest first" is well defined.
  app = await world.app({
    clock: () => (now = new Date(now.getTime() + 1)),
  });
  admin = await registerAdmin(app, world.db);
});
afterAll(async () => world.close());

type UserPage = { items: User[]; nextCursor: string | null };

const get = (as: Session, url: string) =>
  app.inject({ method: 'GET', url: `/api/v1${url}`, headers: { cookie: as.cookie } });
const setStatus = (as: Session, id: string, payload: object) =>
  app.inject({
    method: 'PUT',
    url: `/api/v1/admin/users/${id}/status`,
    headers: asSession(as),
    payload,
  });
const setRoles = (as: Session, id: string, roles: string[]) =>
  app.inject({
    method: 'PATCH',
    url: `/api/v1/admin/users/${id}`,
    headers: asSession(as),
    payload: { roles },
  });

describe('GET /admin/users', () => {
  it('is for admins only', async () => {
    const member = await register(app);
    expect((await get(member, '/admin/users')).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/v1/admin/users' })).statusCode).toBe(401);
  });

  it('finds people by handle, display name or email prefix, with status, email and last seen', async () => {
    const prefix = uniqueHandle('dir');
    const byHandle = await register(app, newAccount({ handle: `${prefix}_a` }));
    const byName = await register(
      app,
      newAccount({ displayName: `Zed ${prefix}`, handle: uniqueHandle() }),
    );
    const byEmail = await register(
      app,
      newAccount({ email: `${prefix}.x@example.org`, handle: uniqueHandle() }),
    );
    const found = (await get(admin, `/admin/users?q=${prefix.toUpperCase()}`)).json<UserPage>();
    expect(found.items.map((u) => u.id)).toEqual([byEmail.user.id, byHandle.user.id]);
    expect(found.items[1]).toMatchObject({
      status: 'active',
      email: `${prefix}_a@example.com`,
      lastSeenAt: expect.any(String),
    });
    const byDisplay = (await get(admin, `/admin/users?q=zed%20${prefix}`)).json<UserPage>();
    expect(byDisplay.items.map((u) => u.id)).toEqual([byName.user.id]);
  });

  it('matches % and _ literally', async () => {
    await register(app);
    const response = await get(admin, '/admin/users?q=%25');
    expect(response.statusCode).toBe(200);
    expect(response.json<UserPage>().items).toEqual([]);
  });

  it('filters by role and status', async () => {
    const ld = await register(app);
    await setRoles(admin, ld.user.id, ['ld']);
    const suspended = await register(app);
    await setStatus(admin, suspended.user.id, { status: 'suspended' });
    const lds = (await get(admin, '/admin/users?role=ld&limit=100')).json<UserPage>().items;
    expect(lds.map((u) => u.id)).toContain(ld.user.id);
    expect(lds.every((u) => u.roles.includes('ld'))).toBe(true);
    const out = (await get(admin, '/admin/users?status=suspended&limit=100')).json<UserPage>();
    expect(out.items.map((u) => u.id)).toContain(suspended.user.id);
    expect(out.items.every((u) => u.status === 'suspended')).toBe(true);
  });

  it('pages newest first through everyone, each person once', async () => {
    for (let i = 0; i < 3; i++) await register(app);
    const seen: User[] = [];
    let cursor: string | null = null;
    do {
      const page: LightMyRequestResponse = await get(
        admin,
        `/admin/users?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      const body = page.json<UserPage>();
      expect(body.items.length).toBeLessThanOrEqual(2);
      seen.push(...body.items);
      cursor = body.nextCursor;
    } while (cursor);
    const { count } = await world.db
      .selectFrom('identity.users')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .executeTakeFirstOrThrow();
    expect(seen).toHaveLength(Number(count));
    expect(new Set(seen.map((u) => u.id)).size).toBe(seen.length);
    const times = seen.map((u) => u.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('refuses a cursor it did not make', async () => {
    const response = await get(admin, '/admin/users?cursor=bogus');
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details).toEqual([
      { field: 'cursor', message: 'is not a cursor from this list' },
    ]);
  });
});

describe('PUT /admin/users/:id/status', () => {
  it('suspends: sessions and tokens stop working at once, content aside; reactivating lets them back', async () => {
    const account = newAccount();
    const person = await register(app, account);
    const token = (
      await app.inject({
        method: 'POST',
        url: '/api/v1/tokens',
        headers: asSession(person),
        payload: { name: 'cli' },
      })
    ).json<{ token: string }>().token;

    const suspended = await setStatus(admin, person.user.id, {
      status: 'suspended',
      reason: 'Left for a month',
    });
    expect(suspended.statusCode).toBe(200);
    expect(suspended.json().user).toMatchObject({ id: person.user.id, status: 'suspended' });
    expect((await get(person, '/me')).statusCode).toBe(401);
    const byToken = await app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(byToken.statusCode).toBe(401);
    const { count } = await world.db
      .selectFrom('identity.sessions')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where('userId', '=', person.user.id)
      .executeTakeFirstOrThrow();
    expect(Number(count)).toBe(0);
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: account.email, password: account.password },
    });
    expect(login.json().error.code).toBe('account_inactive');

    expect((await setStatus(admin, person.user.id, { status: 'active' })).statusCode).toBe(200);
    const back = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: account.email, password: account.password },
    });
    expect(back.statusCode).toBe(200);
    const again = await app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(again.statusCode).toBe(200);

    const entries = (await get(admin, `/admin/audit?action=user.status&limit=100`))
      .json<{ items: AuditEntry[] }>()
      .items.filter((e) => e.target.id === person.user.id);
    expect(entries.map((e) => e.details)).toEqual([
      { from: 'suspended', to: 'active' },
      { from: 'active', to: 'suspended', reason: 'Left for a month' },
    ]);
    expect(entries[0]).toMatchObject({
      actor: { id: admin.user.id, handle: admin.user.handle },
      target: { type: 'user', label: person.user.handle },
    });
    // The change is announced to the other services through the outbox.
    const events = await world.db
      .selectFrom('identity.outbox' as never)
      .selectAll()
      .execute();
    expect(JSON.stringify(events)).toContain(person.user.id);
  });

  it('refuses your own status and the last active admin (409), and non-admins (403)', async () => {
    const own = await setStatus(admin, admin.user.id, { status: 'suspended' });
    expect(own.statusCode).toBe(409);
    const member = await register(app);
    expect((await setStatus(member, admin.user.id, { status: 'suspended' })).statusCode).toBe(403);
    expect((await setStatus(admin, crypto.randomUUID(), { status: 'active' })).statusCode).toBe(
      404,
    );
  });

  it('lets one admin suspend another while an active admin remains', async () => {
    const second = await register(app);
    await setRoles(admin, second.user.id, ['admin']);
    // The second admin cannot take out the first if that leaves no one… but two remain: fine.
    expect((await setStatus(second, admin.user.id, { status: 'suspended' })).statusCode).toBe(200);
    // Now `second` is the last active admin; nobody else can act, and they cannot act on
    // themselves.
    expect((await setStatus(second, second.user.id, { status: 'suspended' })).statusCode).toBe(409);
    expect((await setStatus(second, admin.user.id, { status: 'active' })).statusCode).toBe(200);
    // Log the first admin in again for the tests after this one.
    const relogin = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: `${admin.user.handle}@example.com`, password: 'correct horse battery' },
    });
    expect(relogin.statusCode).toBe(200);
    const cookie = relogin.cookies.find((c) => c.name === 'outloud_session')!;
    admin = {
      ...admin,
      cookie: `${cookie.name}=${cookie.value}`,
      csrfToken: relogin.json<{ csrfToken: string }>().csrfToken,
    };
  });
});

describe('role changes', () => {
  it('are audited with the roles before and after', async () => {
    const person = await register(app);
    expect((await setRoles(admin, person.user.id, ['manager'])).statusCode).toBe(200);
    const entry = (await get(admin, `/admin/audit?action=user.roles&actorId=${admin.user.id}`))
      .json<{ items: AuditEntry[] }>()
      .items.find((e) => e.target.id === person.user.id);
    expect(entry?.details).toEqual({ before: ['member'], after: ['member', 'manager'] });
  });

  it('keep an active admin: a suspended admin does not count as the last one', async () => {
    // A world of its own, so the admins of the other tests do not count.
    await using own = await createWorld();
    const ownApp = await own.app();
    const first = await registerAdmin(ownApp, own.db);
    const second = await register(ownApp);
    const patch = (as: Session, id: string, roles: string[]) =>
      ownApp.inject({
        method: 'PATCH',
        url: `/api/v1/admin/users/${id}`,
        headers: asSession(as),
        payload: { roles },
      });
    expect((await patch(first, second.user.id, ['admin'])).statusCode).toBe(200);
    const suspended = await ownApp.inject({
      method: 'PUT',
      url: `/api/v1/admin/users/${second.user.id}/status`,
      headers: asSession(first),
      payload: { status: 'suspended' },
    });
    expect(suspended.statusCode).toBe(200);

    // Two people hold `admin`, but only `first` can act: they may not give it up.
    expect((await patch(first, first.user.id, ['member'])).statusCode).toBe(409);
    // Taking it from the suspended admin leaves `first` active, so that is allowed.
    expect((await patch(first, second.user.id, ['member'])).statusCode).toBe(200);
  });
});

describe('GET /admin/audit', () => {
  it('pages newest first', async () => {
    const first = (await get(admin, '/admin/audit?limit=1')).json<{
      items: AuditEntry[];
      nextCursor: string;
    }>();
    expect(first.items).toHaveLength(1);
    const second = (
      await get(admin, `/admin/audit?limit=1&cursor=${encodeURIComponent(first.nextCursor)}`)
    ).json<{ items: AuditEntry[] }>();
    expect(second.items).toHaveLength(1);
    expect(second.items[0]!.at <= first.items[0]!.at).toBe(true);
    expect(second.items[0]!.id).not.toBe(first.items[0]!.id);
  });

  it('downloads as CSV with formula-safe cells', async () => {
    const person = await register(app);
    await setStatus(admin, person.user.id, { status: 'deactivated', reason: '=cmd|"/c calc"' });
    const response = await get(admin, '/admin/audit?format=csv&action=user.status');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(
      /^attachment; filename="outloud-audit-2026-12-06\.csv"$/,
    );
    const lines = response.body.split('\r\n');
    expect(lines[0]).toBe('at,actor_handle,action,target_type,target_id,target_label,details');
    const line = lines.find((l) => l.includes(person.user.id));
    expect(line).toContain(`,${admin.user.handle},user.status,user,${person.user.id},`);
    expect(line).toContain('""reason"":""=cmd|\\""/c calc\\""""');
    expect(lines.slice(1, -1).every((l) => l.includes(',user.status,'))).toBe(true);
  });

  it('is for admins only', async () => {
    const member = await register(app);
    expect((await get(member, '/admin/audit')).statusCode).toBe(403);
    expect((await get(member, '/admin/audit?format=csv')).statusCode).toBe(403);
  });
});
