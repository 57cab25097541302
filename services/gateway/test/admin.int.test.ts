import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/core/types.js';
import {
  asSession,
  createWorld,
  register,
  registerAdmin,
  type Session,
  type TestWorld,
} from './helpers.js';

let world: TestWorld;
let app: App;
let admin: Session;

beforeAll(async () => {
  world = await createWorld();
  app = await world.app();
  admin = await registerAdmin(app, world.db);
});
afterAll(async () => world.close());

const setRoles = (as: Record<string, string>, id: string, payload: unknown) =>
  app.inject({
    method: 'PATCH',
    url: `/api/v1/admin/users/${id}`,
    headers: as,
    payload: payload as object,
  });

describe('PATCH /admin/users/:id', () => {
  it('sets roles, always keeping member', async () => {
    const user = await register(app);
    const response = await setRoles(asSession(admin), user.user.id, { roles: ['manager', 'ld'] });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ user: { ...user.user, roles: ['member', 'ld', 'manager'] } });
  });

  it('applies role changes to the next request at once', async () => {
    const user = await register(app);
    await setRoles(asSession(admin), user.user.id, { roles: ['member', 'admin'] });
    const me = await app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { cookie: user.cookie },
    });
    expect(me.json().user.roles).toEqual(['member', 'admin']);
    // The new admin can now administer; then loses it again.
    const other = await register(app);
    expect((await setRoles(asSession(user), other.user.id, { roles: ['ld'] })).statusCode).toBe(
      200,
    );
    await setRoles(asSession(admin), user.user.id, { roles: ['member'] });
    expect(
      (await setRoles(asSession(user), other.user.id, { roles: ['manager'] })).statusCode,
    ).toBe(403);
  });

  it('answers 403 forbidden for a non-admin', async () => {
    const member = await register(app);
    const target = await register(app);
    const response = await setRoles(asSession(member), target.user.id, { roles: ['admin'] });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('forbidden');
  });

  it('answers 401 when anonymous', async () => {
    const target = await register(app);
    expect((await setRoles({}, target.user.id, { roles: ['admin'] })).statusCode).toBe(401);
  });

  it('answers 404 user_not_found for an unknown user', async () => {
    const response = await setRoles(asSession(admin), '00000000-0000-4000-8000-000000000000', {
      roles: ['ld'],
    });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('user_not_found');
  });

  it('answers 400 for an unknown role, an empty list or a malformed id', async () => {
    const target = await register(app);
    const unknownRole = await setRoles(asSession(admin), target.user.id, { roles: ['owner'] });
    expect(unknownRole.statusCode).toBe(400);
    expect(unknownRole.json().error.details).toEqual([
      { field: 'roles.0', message: expect.stringContaining('member') },
    ]);
    expect((await setRoles(asSession(admin), target.user.id, { roles: [] })).statusCode).toBe(400);
    const badId = await setRoles(asSession(admin), 'not-a-uuid', { roles: ['ld'] });
    expect(badId.statusCode).toBe(400);
    expect(badId.json().error.details).toEqual([{ field: 'id', message: expect.any(String) }]);
  });

  it('refuses with 409 conflict to remove admin from the last admin', async () => {
    // A world of its own, so that exactly one admin exists.
    await using own = await createWorld();
    const ownApp = await own.app();
    const onlyAdmin = await registerAdmin(ownApp, own.db);
    const response = await ownApp.inject({
      method: 'PATCH',
      url: `/api/v1/admin/users/${onlyAdmin.user.id}`,
      headers: asSession(onlyAdmin),
      payload: { roles: ['member'] },
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('conflict');
    // With a second admin, the first may step down.
    const second = await register(ownApp);
    await ownApp.inject({
      method: 'PATCH',
      url: `/api/v1/admin/users/${second.user.id}`,
      headers: asSession(onlyAdmin),
      payload: { roles: ['admin'] },
    });
    const stepDown = await ownApp.inject({
      method: 'PATCH',
      url: `/api/v1/admin/users/${onlyAdmin.user.id}`,
      headers: asSession(onlyAdmin),
      payload: { roles: ['member'] },
    });
    expect(stepDown.statusCode).toBe(200);
    expect(stepDown.json().user.roles).toEqual(['member']);
  });

  it('needs the CSRF token with a cookie, but not with an API token', async () => {
    const target = await register(app);
    expect(
      (await setRoles({ cookie: admin.cookie }, target.user.id, { roles: ['ld'] })).statusCode,
    ).toBe(403);
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: asSession(admin),
      payload: { name: 'ops' },
    });
    const { token } = created.json<{ token: string }>();
    expect(
      (await setRoles({ authorization: `Bearer ${token}` }, target.user.id, { roles: ['ld'] }))
        .statusCode,
    ).toBe(200);
  });
});
