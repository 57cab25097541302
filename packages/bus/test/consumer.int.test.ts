import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { sql } from 'kysely';
import { eventually, testNatsUrl } from '@outloud/testkit';
import {
  connectNats,
  createEnvelope,
  deleteEventStream,
  drainNats,
  encodeJson,
  ensureEventStream,
  oncePerEvent,
  startDurableConsumer,
  type NatsConnection,
} from '../src/index.js';
import { busWorld, PingV1, SCHEMA, silentLogger, type BusWorld } from './fixtures.js';

describe('durable consumer', () => {
  let world: BusWorld;
  let nc: NatsConnection;

  beforeAll(async () => {
    world = await busWorld();
    nc = await connectNats({ url: testNatsUrl(), name: 'consumer-test' });
    await ensureEventStream(nc, world.names);
  });

  afterAll(async () => {
    await deleteEventStream(nc, world.names);
    await drainNats(nc);
    await world[Symbol.asyncDispose]();
  });

  const effectsFor = async (eventId: string) =>
    (
      await sql<{
        n: number;
      }>`select count(*)::int as n from bustest.effects where event_id = ${eventId}`.execute(
        world.db,
      )
    ).rows[0]!.n;

  it('has one effect for an event delivered twice, terminates invalid ones and retries failures', async () => {
    let failOnce = true;
    const consumer = await startDurableConsumer({
      nc,
      names: world.names,
      service: 'bustest',
      filterSubject: world.names.events('test'),
      schemas: { 'test.ping.v1': PingV1 },
      logger: silentLogger,
      backoffMs: () => 50,
      handle: async (event) => {
        if (event.data.n === 13 && failOnce) {
          failOnce = false;
          throw new Error('transient');
        }
        await oncePerEvent(world.db, SCHEMA, event.id, async (trx) => {
          await sql`insert into bustest.effects (event_id) values (${event.id})`.execute(trx);
        });
      },
    });
    const js = jetstream(nc);
    const subject = world.names.subject('evt.test.ping');
    const duplicate = createEnvelope('test.ping.v1', { n: 1 }, null);
    // Two publishes with different message ids: JetStream keeps both, the consumer must dedupe.
    await js.publish(subject, encodeJson(duplicate), { msgID: `${duplicate.id}-a` });
    await js.publish(subject, encodeJson(duplicate), { msgID: `${duplicate.id}-b` });
    await js.publish(
      subject,
      encodeJson({ type: 'test.ping.v1', id: 'not-a-uuid', data: { n: 'x' } }),
    );
    await js.publish(subject, new TextEncoder().encode('{ not json'));
    const flaky = createEnvelope('test.ping.v1', { n: 13 }, null);
    await js.publish(subject, encodeJson(flaky), { msgID: flaky.id });
    const unknown = createEnvelope('test.unknown.v1', { anything: true }, null);
    await js.publish(subject, encodeJson(unknown), { msgID: unknown.id });

    await eventually(
      () => (consumer.stats.handled === 3 && consumer.stats.invalid === 2 ? true : undefined),
      {
        what: 'all messages settled',
      },
    );
    expect(await effectsFor(duplicate.id)).toBe(1);
    expect(await effectsFor(flaky.id)).toBe(1);
    expect(consumer.stats).toMatchObject({ handled: 3, invalid: 2, ignored: 1, retried: 1 });

    await consumer.stop();
    // Nothing is left pending: the invalid messages were terminated, not left to redeliver forever.
    // (`term` is fire-and-forget, so give the server a moment to record it.)
    const durable = await js.consumers.get(world.names.stream, world.names.consumer('bustest'));
    const info = await eventually(
      async () => {
        const current = await durable.info();
        return current.num_ack_pending === 0 ? current : undefined;
      },
      { what: 'no pending acks' },
    );
    expect(info.num_pending).toBe(0);
    expect(info.num_redelivered).toBeLessThanOrEqual(1);
  });

  it('resumes from where it stopped after a restart', async () => {
    const js = jetstream(nc);
    const subject = world.names.subject('evt.test.ping');
    const later = createEnvelope('test.ping.v1', { n: 99 }, null);
    await js.publish(subject, encodeJson(later), { msgID: later.id });
    const seen: number[] = [];
    const consumer = await startDurableConsumer({
      nc,
      names: world.names,
      service: 'bustest',
      filterSubject: world.names.events('test'),
      schemas: { 'test.ping.v1': PingV1 },
      logger: silentLogger,
      handle: async (event) => {
        seen.push(event.data.n);
      },
    });
    await eventually(() => (seen.length ? true : undefined), { what: 'the new event' });
    await consumer.stop();
    expect(seen).toEqual([99]);
  });
  it('keeps the order of events with the same key while handling other keys concurrently', async () => {
    const js = jetstream(nc);
    const subject = world.names.subject('evt.test.ping');
    const seen: Record<string, number[]> = { even: [], odd: [] };
    let concurrent = 0;
    let maxConcurrent = 0;
    const consumer = await startDurableConsumer({
      nc,
      names: world.names,
      service: 'ordered',
      filterSubject: world.names.events('test'),
      schemas: { 'test.ping.v1': PingV1 },
      logger: silentLogger,
      concurrency: 8,
      orderingKey: (event) => (event.data.n % 2 === 0 ? 'even' : 'odd'),
      handle: async (event) => {
        concurrent++;
        maxConcurrent = Math.max(maxConcurrent, concurrent);
        await new Promise((r) => setTimeout(r, Math.random() * 15));
        seen[event.data.n % 2 === 0 ? 'even' : 'odd']!.push(event.data.n);
        concurrent--;
      },
    });
    for (let n = 1000; n < 1040; n++) {
      const event = createEnvelope('test.ping.v1', { n }, null);
      await js.publish(subject, encodeJson(event), { msgID: event.id });
    }
    await eventually(
      () =>
        seen.even!.filter((n) => n >= 1000).length + seen.odd!.filter((n) => n >= 1000).length ===
        40
          ? true
          : undefined,
      {
        what: 'all 40 events',
      },
    );
    await consumer.stop();
    const mine = (list: number[]) => list.filter((n) => n >= 1000);
    expect(mine(seen.even!)).toEqual([...mine(seen.even!)].sort((a, b) => a - b));
    expect(mine(seen.odd!)).toEqual([...mine(seen.odd!)].sort((a, b) => a - b));
    expect(maxConcurrent).toBe(2);
  });

  it('calls handlers in stream order even when their ends interleave', async () => {
    const js = jetstream(nc);
    const subject = world.names.subject('evt.test.ping');
    const started: number[] = [];
    const ended: number[] = [];
    const consumer = await startDurableConsumer({
      nc,
      names: world.names,
      service: 'started-in-order',
      filterSubject: world.names.events('test'),
      schemas: { 'test.ping.v1': PingV1 },
      logger: silentLogger,
      concurrency: 16,
      handle: async (event) => {
        started.push(event.data.n);
        await new Promise((r) => setTimeout(r, (event.data.n * 7) % 13));
        ended.push(event.data.n);
      },
    });
    const sent = Array.from({ length: 30 }, (_, i) => 3000 + i);
    for (const n of sent) {
      const event = createEnvelope('test.ping.v1', { n }, null);
      await js.publish(subject, encodeJson(event), { msgID: event.id });
    }
    const mine = (list: number[]) => list.filter((n) => n >= 3000);
    await eventually(() => (mine(ended).length === sent.length ? true : undefined), {
      what: 'all 30 events',
    });
    await consumer.stop();
    expect(mine(started)).toEqual(sent);
  });

  it('keys only valid events and settles invalid and unknown ones without a key', async () => {
    const js = jetstream(nc);
    const subject = world.names.subject('evt.test.ping');
    const keyed: number[] = [];
    const handled: number[] = [];
    const consumer = await startDurableConsumer({
      nc,
      names: world.names,
      service: 'keyed',
      filterSubject: world.names.events('test'),
      schemas: { 'test.ping.v1': PingV1 },
      logger: silentLogger,
      concurrency: 4,
      orderingKey: (event) => {
        keyed.push(event.data.n);
        return String(event.data.n % 2);
      },
      handle: async (event) => void handled.push(event.data.n),
    });
    const sent = [2001, 2002, 2003];
    const mine = (list: number[]) =>
      list.filter((n) => n >= 2000 && n < 3000).sort((a, b) => a - b);
    for (const n of sent) {
      const event = createEnvelope('test.ping.v1', { n }, null);
      await js.publish(subject, encodeJson(event), { msgID: event.id });
    }
    await js.publish(subject, encodeJson({ type: 'test.ping.v1', data: { n: 'x' } }));
    const unknown = createEnvelope('test.unknown.v1', { n: 2004 }, null);
    await js.publish(subject, encodeJson(unknown), { msgID: unknown.id });
    await eventually(
      () => (mine(handled).length === 3 && consumer.stats.invalid >= 1 ? true : undefined),
      { what: 'the keyed events handled and the invalid one terminated' },
    );
    await consumer.stop();
    // One key per valid event: invalid and unknown events never reach the key function.
    expect(mine(keyed)).toEqual(sent);
    expect(mine(handled)).toEqual(sent);
  });

  it('makes its durable consumer again and carries on when it is deleted under it', async () => {
    const handled: number[] = [];
    await using _consumer = await startDurableConsumer({
      nc,
      names: world.names,
      service: 'bustest-resume',
      filterSubject: world.names.events('test'),
      schemas: { 'test.ping.v1': PingV1 },
      logger: silentLogger,
      handle: async (event) => {
        handled.push(event.data.n);
      },
    });
    const js = jetstream(nc);
    const subject = world.names.subject('evt.test.ping');
    const first = createEnvelope('test.ping.v1', { n: 1001 }, null);
    await js.publish(subject, encodeJson(first), { msgID: first.id });
    await eventually(() => (handled.includes(1001) ? true : undefined), { what: 'first event' });

    const jsm = await jetstreamManager(nc);
    await jsm.consumers.delete(world.names.stream, world.names.consumer('bustest-resume'));
    const second = createEnvelope('test.ping.v1', { n: 1002 }, null);
    await js.publish(subject, encodeJson(second), { msgID: second.id });
    await eventually(() => (handled.includes(1002) ? true : undefined), {
      timeoutMs: 25_000,
      what: 'an event published after the consumer was deleted',
    });
  });
});
