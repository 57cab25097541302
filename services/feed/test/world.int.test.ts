import * as bus from '@outloud/bus';
import { createDb } from '@outloud/db';
import { createServiceWorld, serverUrl } from '@outloud/testkit';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { feedMigrations } from '../src/app.js';

// The shared test world (packages/testkit), checked here because this package may use the bus.
describe('createServiceWorld', () => {
  it('cleans up everything on dispose, even when a deferred step fails', async () => {
    const world = await createServiceWorld({
      migrations: [feedMigrations],
      bus,
      name: 'world-test',
    });
    await bus.ensureEventStream(world.nc, world.names);
    const pool = world.pool<unknown>();
    await sql`select 1`.execute(pool);
    const ran: string[] = [];
    world.defer(() => Promise.resolve(void ran.push('first')));
    world.defer(() => Promise.reject(new Error('a service would not stop')));
    world.defer(() => Promise.resolve(void ran.push('last')));

    await expect(world[Symbol.asyncDispose]()).rejects.toThrow('a service would not stop');
    expect(ran).toEqual(['last', 'first']);
    expect(world.nc.isClosed()).toBe(true);
    await expect(sql`select 1`.execute(pool)).rejects.toThrow();

    const nc = await bus.connectNats({
      url: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
      name: 'world-check',
    });
    // JetStream's own API, asked directly: the stream must be gone.
    const reply = await nc.request(`$JS.API.STREAM.INFO.${world.names.stream}`);
    await bus.drainNats(nc);
    expect(reply.json<{ error?: { code: number } }>().error?.code).toBe(404);
    const admin = createDb<unknown>({ url: serverUrl() });
    const found = await sql<{ n: number }>`select count(*) as n from pg_database
      where datname = ${world.database.name}`.execute(admin);
    await admin.destroy();
    expect(found.rows[0]?.n).toBe(0);
  });

  it('gives each world its own prefix and database', async () => {
    await using first = await createServiceWorld({ migrations: [feedMigrations], bus });
    await using second = await createServiceWorld({ migrations: [feedMigrations], bus });
    expect(first.prefix).not.toBe(second.prefix);
    expect(first.names.stream).not.toBe(second.names.stream);
    expect(first.database.name).not.toBe(second.database.name);
  });
});
