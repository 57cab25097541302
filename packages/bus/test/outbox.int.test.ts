import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jetstreamManager } from '@nats-io/jetstream';
import { sql } from 'kysely';
import {
  eventually,
  startPrivateNatsServer,
  startPrivatePostgres,
  testNatsUrl,
} from '@outloud/testkit';
import { createDb, migrateToLatest } from '@outloud/db';
import {
  connectNats,
  createEnvelope,
  deleteEventStream,
  drainNats,
  enqueueEvents,
  ensureEventStream,
  startOutboxRelay,
  type NatsConnection,
} from '../src/index.js';
import { busWorld, SCHEMA, silentLogger, type BusWorld } from './fixtures.js';
import { MAX_ATTEMPTS } from '../src/outbox.js';

async function enqueue(world: BusWorld, count: number): Promise<string[]> {
  const envelopes = Array.from({ length: count }, (_, n) =>
    createEnvelope('test.ping.v1', { n }, null),
  );
  await world.db.transaction().execute(async (trx) => {
    await enqueueEvents(
      trx,
      SCHEMA,
      envelopes.map((envelope) => ({ subject: world.names.subject('evt.test.ping'), envelope })),
    );
  });
  return envelopes.map((e) => e.id);
}

async function streamCount(nc: NatsConnection, stream: string): Promise<number> {
  const jsm = await jetstreamManager(nc);
  return (await jsm.streams.info(stream)).state.messages;
}

async function unsentCount(world: BusWorld): Promise<number> {
  const { rows } = await sql<{
    n: number;
  }>`select count(*)::int as n from bustest.outbox where sent_at is null`.execute(world.db);
  return rows[0]!.n;
}

describe('outbox relay', () => {
  let world: BusWorld;
  let nc: NatsConnection;

  beforeAll(async () => {
    world = await busWorld();
    nc = await connectNats({ url: testNatsUrl(), name: 'outbox-test' });
    await ensureEventStream(nc, world.names);
  });

  afterAll(async () => {
    await deleteEventStream(nc, world.names);
    await drainNats(nc);
    await world[Symbol.asyncDispose]();
  });

  it('publishes every row exactly once even with two relays running', async () => {
    const relays = [1, 2].map(() =>
      startOutboxRelay({
        db: world.db,
        schema: SCHEMA,
        nc,
        names: world.names,
        logger: silentLogger,
        batchSize: 7,
      }),
    );
    const before = await streamCount(nc, world.names.stream);
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) ids.push(...(await enqueue(world, 15)));
    await eventually(async () => ((await unsentCount(world)) === 0 ? true : undefined), {
      what: 'all rows sent',
    });
    for (const relay of relays) await relay.stop();
    expect(await streamCount(nc, world.names.stream)).toBe(before + ids.length);
    const { rows } = await sql<{ attempts: number }>`select attempts from bustest.outbox`.execute(
      world.db,
    );
    expect(rows.every((r) => r.attempts === 1)).toBe(true);
  });

  it('delivers events written while NATS is down once it is back', async () => {
    await using server = await startPrivateNatsServer();
    const privateNc = await connectNats({ url: server.url, name: 'outbox-fault-test' });
    try {
      await ensureEventStream(privateNc, world.names);
      await using relay = startOutboxRelay({
        db: world.db,
        schema: SCHEMA,
        nc: privateNc,
        names: world.names,
        logger: silentLogger,
        pollIntervalMs: 100,
        publishTimeoutMs: 500,
      });
      await server.stop();
      const ids = await enqueue(world, 5);
      // The writes commit although nothing can be published.
      await new Promise((r) => setTimeout(r, 600));
      expect(await unsentCount(world)).toBe(5);
      await server.start();
      await eventually(async () => ((await unsentCount(world)) === 0 ? true : undefined), {
        timeoutMs: 20_000,
        what: 'rows sent after NATS returned',
      });
      await relay.stop();
      expect(await streamCount(privateNc, world.names.stream)).toBe(ids.length);
    } finally {
      await privateNc.close();
    }
  });

  it('never gives up on rows while NATS is down, however many passes fail', async () => {
    await using server = await startPrivateNatsServer();
    const privateNc = await connectNats({ url: server.url, name: 'outbox-outage-test' });
    try {
      await ensureEventStream(privateNc, world.names);
      await using relay = startOutboxRelay({
        db: world.db,
        schema: SCHEMA,
        nc: privateNc,
        names: world.names,
        logger: silentLogger,
        pollIntervalMs: 60_000,
        publishTimeoutMs: 50,
      });
      await server.stop();
      const ids = await enqueue(world, 3);
      // More failed passes than MAX_ATTEMPTS: each one a publish that cannot reach NATS.
      for (let pass = 0; pass <= MAX_ATTEMPTS; pass++) await relay.flush();
      const { rows } = await sql<{ attempts: number }>`select attempts from bustest.outbox
        where id = any(${ids}::uuid[])`.execute(world.db);
      expect(rows.map((r) => r.attempts)).toEqual([0, 0, 0]);
      await server.start();
      await eventually(async () => ((await unsentCount(world)) === 0 ? true : undefined), {
        timeoutMs: 20_000,
        what: 'rows sent after the long outage',
      });
      await relay.stop();
      expect(await streamCount(privateNc, world.names.stream)).toBe(ids.length);
    } finally {
      await privateNc.close();
    }
  });

  it('is woken by writes again after Postgres restarts', { timeout: 90_000 }, async () => {
    await using postgres = await startPrivatePostgres();
    const db = createDb<unknown>({ url: postgres.url, max: 2 });
    try {
      await migrateToLatest(db, {
        schema: SCHEMA,
        folder: new URL('./migrations', import.meta.url),
      });
      // Polling only once a minute: only the LISTEN connection can wake the relay in time.
      await using relay = startOutboxRelay({
        db,
        schema: SCHEMA,
        nc,
        names: world.names,
        logger: silentLogger,
        pollIntervalMs: 60_000,
      });
      const other = { ...world, db };
      await enqueue(other, 1);
      const unsent = async () =>
        (
          await sql<{ n: number }>`select count(*)::int as n from bustest.outbox
            where sent_at is null`.execute(db)
        ).rows[0]!.n;
      await eventually(async () => ((await unsent()) === 0 ? true : undefined), {
        what: 'first row sent',
      });
      await postgres.stop();
      // Down for longer than one reconnect attempt.
      await new Promise((r) => setTimeout(r, 2_500));
      await postgres.start();
      await eventually(
        async () => {
          await enqueue(other, 1);
          return true;
        },
        { timeoutMs: 10_000, what: 'a write after the restart' },
      );
      await eventually(async () => ((await unsent()) === 0 ? true : undefined), {
        timeoutMs: 15_000,
        what: 'the row written after the restart sent without polling',
      });
      await relay.stop();
    } finally {
      await db.destroy();
    }
  });
});
