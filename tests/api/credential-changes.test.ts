import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { SessionResponse } from '@outloud/contracts';
import { createDb } from '@outloud/db';
import { buildApp, gatewayConfig, type App, type GatewayDatabase } from '@outloud/gateway';
import { createLogger } from '@outloud/ops';
import { apiWorld, type ApiWorld, type Person } from '../support/api-world.js';

/**
 * Gateways keep who is behind a session or token in memory: a change made through one gateway
 * holds on the other from its very next request, with no time allowed for a cache to expire.
 */
describe('credential changes across gateways', () => {
  let world: ApiWorld;
  let second: App;
  let db: Kysely<GatewayDatabase>;
  let admin: Person;

  beforeAll(async () => {
    world = await apiWorld();
    admin = await world.person();
    // A second gateway on the same database and bus, as in a deployment with several.
    db = createDb<GatewayDatabase>({ url: world.database.url, max: 3 });
    second = await buildApp({
      config: gatewayConfig({ LOG_LEVEL: 'silent', DATABASE_URL: world.database.url }),
      db,
      logger: createLogger('second-gateway', 'silent'),
      bus: { nc: world.nc, names: world.names },
    });
    await second.ready();
  });
  afterAll(async () => {
    await second?.close();
    await db?.destroy();
    await world?.[Symbol.asyncDispose]();
  });

  /** `GET` through `via` with the person's cookie (or a bearer token): the status. */
  const get = async (via: App, url: string, who: { cookie?: string; token?: string }) => {
    const reply = await via.inject({
      method: 'GET',
      url: `/api/v1${url}`,
      headers: who.token ? { authorization: `Bearer ${who.token}` } : { cookie: who.cookie! },
    });
    return reply.statusCode;
  };
  const meOnSecond = (who: { cookie?: string; token?: string }) => get(second, '/me', who);

  it('signing out through one gateway ends the session on the other', async () => {
    const person = await world.person();
    expect(await meOnSecond(person)).toBe(200);
    expect(await meOnSecond(person)).toBe(200); // now from the second gateway's memory
    expect((await person.request('POST', '/auth/logout')).status).toBe(204);
    expect(await meOnSecond(person)).toBe(401);
  });

  it('ending a session from the sessions list ends it on the other gateway', async () => {
    const person = await world.person();
    const login = await world.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: `${person.user.handle}@example.test`, password: 'correct horse battery' },
    });
    expect(login.statusCode).toBe(200);
    const other = { cookie: login.cookies.map((c) => `${c.name}=${c.value}`).join('; ') };
    expect(await meOnSecond(other)).toBe(200);
    const ended = await person.request('DELETE', '/me/sessions');
    expect(ended.status).toBe(204);
    expect(await meOnSecond(other)).toBe(401);
    expect(await meOnSecond(person)).toBe(200); // the session that asked is kept
  });

  it('a password change ends the other sessions on the other gateway', async () => {
    const person = await world.person();
    const login = await world.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: `${person.user.handle}@example.test`, password: 'correct horse battery' },
    });
    const session = login.json<SessionResponse>();
    const other = { cookie: login.cookies.map((c) => `${c.name}=${c.value}`).join('; ') };
    expect(session.user.id).toBe(person.user.id);
    expect(await meOnSecond(other)).toBe(200);
    const changed = await person.request('PUT', '/me/password', {
      currentPassword: 'correct horse battery',
      newPassword: 'another horse battery',
    });
    expect(changed.status).toBe(204);
    expect(await meOnSecond(other)).toBe(401);
  });

  it('a revoked API token stops working on the other gateway', async () => {
    const person = await world.person();
    const created = await person.request<{ token: string; id: string }>('POST', '/tokens', {
      name: 'script',
    });
    expect(created.status).toBe(201);
    const { token, id } = created.body;
    expect(await meOnSecond({ token })).toBe(200);
    expect((await person.request('DELETE', `/tokens/${id}`)).status).toBe(204);
    expect(await meOnSecond({ token })).toBe(401);
  });

  it('a role change holds on the other gateway at once, both ways', async () => {
    const person = await world.person();
    expect(await get(second, '/admin/users', person)).toBe(403);
    await world.grantRoles(admin, person, ['member', 'admin']);
    expect(await get(second, '/admin/users', person)).toBe(200);
    await world.grantRoles(admin, person, ['member']);
    expect(await get(second, '/admin/users', person)).toBe(403);
  });

  it('suspending someone signs them out of the other gateway, tokens included', async () => {
    const person = await world.person();
    const { token } = (await person.request<{ token: string }>('POST', '/tokens', { name: 'x' }))
      .body;
    expect(await meOnSecond(person)).toBe(200);
    expect(await meOnSecond({ token })).toBe(200);
    const suspended = await admin.request('PUT', `/admin/users/${person.user.id}/status`, {
      status: 'suspended',
    });
    expect(suspended.status).toBe(200);
    expect(await meOnSecond(person)).toBe(401);
    expect(await meOnSecond({ token })).toBe(401);
  });
});
