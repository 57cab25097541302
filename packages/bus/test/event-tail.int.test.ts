import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { names as makeNames, type Names } from '@outloud/contracts';
import { eventually, testNatsUrl, testPrefix } from '@outloud/testkit';
import { connectNats, drainNats, type NatsConnection } from '../src/connection.js';
import { createEnvelope } from '../src/envelope.js';
import { readEventsAfter, tailEvents, type PositionedEvent } from '../src/event-tail.js';
import { publishEvent } from '../src/publish.js';
import { deleteEventStream, ensureEventStream } from '../src/stream.js';
import { silentLogger } from './fixtures.js';

describe('reading the event stream by position', () => {
  let nc: NatsConnection;
  let names: Names;

  beforeAll(async () => {
    nc = await connectNats({ url: testNatsUrl(), name: 'tail-test' });
    names = makeNames(testPrefix());
    await ensureEventStream(nc, names);
  });
  afterAll(async () => {
    await deleteEventStream(nc, names);
    await drainNats(nc);
  });

  const ping = (n: number, service = 'test') =>
    publishEvent(
      nc,
      names.subject(`evt.${service}.ping`),
      createEnvelope('test.ping.v1', { n }, null),
    );

  it('follows new events with growing positions, and replays what came after a position', async () => {
    await ping(0); // before the tail: not delivered to it
    const seen: PositionedEvent[] = [];
    const tail = await tailEvents({
      nc,
      names,
      filterSubject: names.events('test'),
      onEvent: (e) => seen.push(e),
      logger: silentLogger,
    });
    const start = tail.position;
    for (let n = 1; n <= 3; n++) await ping(n);
    await ping(99, 'other'); // another service's event: not for this filter
    await eventually(() => (seen.length === 3 ? true : undefined));
    await tail.stop();
    expect(seen.map((e) => (e.event as { data: { n: number } }).data.n)).toEqual([1, 2, 3]);
    expect(seen.map((e) => e.seq)).toEqual([...seen.map((e) => e.seq)].sort((a, b) => a - b));
    expect(seen[0]!.seq).toBeGreaterThan(start);

    const page = await readEventsAfter({
      nc,
      names,
      filterSubject: names.events('test'),
      afterSeq: start,
      max: 2,
    });
    expect(page.gap).toBe(false);
    expect(page.more).toBe(true);
    expect(page.events.map((e) => e.seq)).toEqual([seen[0]!.seq, seen[1]!.seq]);
    const rest = await readEventsAfter({
      nc,
      names,
      filterSubject: names.events('test'),
      afterSeq: page.events[1]!.seq,
      max: 2,
    });
    expect(rest).toMatchObject({ more: false, gap: false });
    expect(rest.events.map((e) => e.seq)).toEqual([seen[2]!.seq]);
  });

  it('answers a gap instead of replaying events older than allowed', async () => {
    const { seq } = await ping(7);
    const old = await readEventsAfter({
      nc,
      names,
      filterSubject: names.events('test'),
      afterSeq: seq - 1,
      max: 10,
      maxAgeMs: 60_000,
      now: new Date(Date.now() + 120_000),
    });
    expect(old).toEqual({ events: [], more: false, gap: true });
    const recent = await readEventsAfter({
      nc,
      names,
      filterSubject: names.events('test'),
      afterSeq: seq - 1,
      max: 10,
      maxAgeMs: 60_000,
    });
    expect(recent.events.map((e) => e.seq)).toEqual([seq]);
  });

  it('caps a page in bytes, always returning at least one event, and pages on where it stopped', async () => {
    const service = `sized${Date.now().toString(36)}`;
    const filterSubject = names.events(service);
    const padded = (n: number, size: number) =>
      publishEvent(
        nc,
        names.subject(`evt.${service}.ping`),
        createEnvelope('test.ping.v1', { n, pad: 'x'.repeat(size) }, null),
      );
    const first = await padded(0, 10_000);
    for (let n = 1; n < 40; n++) await padded(n, 1_000);
    await padded(40, 50_000);
    const read = (afterSeq: number) =>
      readEventsAfter({ nc, names, filterSubject, afterSeq, max: 500, maxBytes: 8_000 });
    const ns = (page: { events: PositionedEvent[] }) =>
      page.events.map((e) => (e.event as { data: { n: number } }).data.n);

    // The first event alone is over the cap: it still comes, alone.
    let page = await read(first.seq - 1);
    expect(ns(page)).toEqual([0]);
    expect(page.more).toBe(true);
    const seen = [...ns(page)];
    let pages = 1;
    while (page.more) {
      page = await read(page.events.at(-1)!.seq);
      const size = page.events.reduce(
        (sum, e) => sum + Buffer.byteLength(JSON.stringify(e.event)),
        0,
      );
      if (page.events.length > 1) expect(size).toBeLessThanOrEqual(8_000);
      seen.push(...ns(page));
      pages++;
    }
    expect(seen).toEqual(Array.from({ length: 41 }, (_, n) => n));
    expect(pages).toBeGreaterThan(5);
  });
});
