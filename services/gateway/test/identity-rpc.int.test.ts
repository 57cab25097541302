import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import * as bus from '@outloud/bus';
import { IdentityRpc, type Role } from '@outloud/contracts';
import { createServiceWorld, silentLogger, type ServiceWorld } from '@outloud/testkit';
import { gatewayMigrations, type GatewayDatabase } from '../src/db.js';
import { serveIdentityRpc } from '../src/identity/identity.rpc.js';

describe('identity RPC: usersWithRole', () => {
  let world: ServiceWorld<bus.NatsConnection>;
  let db: Kysely<GatewayDatabase>;
  let service: bus.RpcService;
  let identity: bus.RpcClient<typeof IdentityRpc>;

  beforeAll(async () => {
    world = await createServiceWorld({
      migrations: [gatewayMigrations],
      bus,
      name: 'identity-rpc',
    });
    db = world.pool<GatewayDatabase>();
    service = await serveIdentityRpc({
      nc: world.nc,
      names: world.names,
      db,
      logger: silentLogger,
    });
    identity = bus.rpcClient({
      nc: world.nc,
      names: world.names,
      service: 'identity',
      schemas: IdentityRpc,
    });
  });
  afterAll(async () => {
    await service?.stop();
    await world?.[Symbol.asyncDispose]();
  });

  /** A person made `hoursAgo` hours ago with these roles and status. */
  const person = async (roles: Role[], hoursAgo: number, status = 'active') => {
    const handle = `p_${randomBytes(5).toString('hex')}`;
    const row = await db
      .insertInto('identity.users')
      .values({
        email: `${handle}@example.test`,
        handle,
        displayName: `Person ${handle}`,
        passwordHash: null,
        roles,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await sql`update identity.users set created_at = now() - make_interval(hours => ${hoursAgo}),
      status = ${status} where id = ${row.id}`.execute(db);
    return { id: row.id, handle };
  };

  it('lists the active holders of a role, oldest accounts first, at most limit', async () => {
    const newest = await person(['member', 'ld'], 1);
    const oldest = await person(['member', 'ld', 'admin'], 300);
    const middle = await person(['member', 'ld'], 20);
    await person(['member', 'ld'], 500, 'suspended');
    await person(['member'], 600);
    await person(['member', 'moderator'], 700);

    const { users } = await identity.call('usersWithRole', { role: 'ld', limit: 10 });
    expect(users.map((u) => u.id)).toEqual([oldest.id, middle.id, newest.id]);
    expect(users[0]).toMatchObject({
      handle: oldest.handle,
      email: `${oldest.handle}@example.test`,
    });

    const two = await identity.call('usersWithRole', { role: 'ld', limit: 2 });
    expect(two.users.map((u) => u.id)).toEqual([oldest.id, middle.id]);
  });

  it('counts everyone as a member', async () => {
    const { users } = await identity.call('usersWithRole', { role: 'member', limit: 200 });
    const statuses = await db
      .selectFrom('identity.users')
      .select(['id', 'status'])
      .where(
        'id',
        'in',
        users.map((u) => u.id),
      )
      .execute();
    expect(users.length).toBeGreaterThanOrEqual(5);
    expect(statuses.every((s) => s.status === 'active')).toBe(true);
  });

  it('refuses a role that does not exist and a limit out of range', async () => {
    await expect(
      identity.call('usersWithRole', { role: 'owner' as Role, limit: 5 }),
    ).rejects.toThrow();
    await expect(identity.call('usersWithRole', { role: 'ld', limit: 500 })).rejects.toThrow();
  });
});
