import { sql, type Kysely, type Transaction } from 'kysely';
import type { NatsConnection } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import {
  ClosedConnectionError,
  ConnectionError,
  DrainingConnectionError,
  RequestError,
  TimeoutError,
} from '@nats-io/nats-core';
import type { EventEnvelope, Names } from '@outloud/contracts';
import type { BusLogger } from './connection.js';
import { encodeJson } from './codec.js';

/**
 * The transactional outbox. A service writes its rows and its events in one transaction; the relay
 * publishes unsent rows to JetStream with `Nats-Msg-Id` = event id and marks them sent. A crash or
 * a NATS outage only delays events; duplicates from a retried publish are dropped by JetStream.
 * A relay is woken by writes in its own process and polls for the rest (other instances' writes,
 * rows left by a crash).
 */

/** Creates `<schema>.outbox`; call from the service's first migration. */
export async function createOutboxTable(db: Kysely<unknown>, schema: string): Promise<void> {
  await db.schema
    .withSchema(schema)
    .createTable('outbox')
    .addColumn('seq', 'bigserial', (c) => c.primaryKey())
    .addColumn('id', 'uuid', (c) => c.notNull().unique())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('payload', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('sent_at', 'timestamptz')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  // The relay only ever scans unsent rows, oldest first.
  await sql`create index outbox_unsent on ${sql.id(schema, 'outbox')} (seq) where sent_at is null`.execute(
    db,
  );
}

/**
 * Events enqueued in this process and not yet seen published, per outbox schema, each with the
 * time after which nobody waits for it any more (its transaction rolled back, or another instance
 * published it). They become visible only when the writer commits, which enqueueEvents cannot
 * see, so a relay of this process that was woken keeps looking (briefly, with growing pauses)
 * until they are out. Waking relays through Postgres instead (NOTIFY in the writer's transaction)
 * would make every commit in the database wait on one lock, a disk flush at a time.
 */
const expected = new Map<string, Map<string, number>>();
/** The relays running in this process, per outbox schema: how to wake each. */
const localRelays = new Map<string, Set<() => void>>();
/** How long a relay keeps looking for an event enqueued here that it has not seen. */
const EXPECT_MS = 2_000;

/** Adds events to the outbox inside the caller's transaction and wakes this process's relays. */
export async function enqueueEvents<DB>(
  trx: Transaction<DB> | Kysely<DB>,
  schema: string,
  events: { subject: string; envelope: EventEnvelope }[],
): Promise<void> {
  if (!events.length) return;
  await sql`insert into ${sql.id(schema, 'outbox')} (id, subject, payload)
      select * from unnest(${events.map((e) => e.envelope.id)}::uuid[], ${events.map((e) => e.subject)}::text[], ${events.map((e) => JSON.stringify(e.envelope))}::jsonb[])`.execute(
    trx,
  );
  const relays = localRelays.get(schema);
  // Without a relay here, another instance's poll publishes them.
  if (!relays?.size) return;
  let ids = expected.get(schema);
  if (!ids) expected.set(schema, (ids = new Map<string, number>()));
  const until = Date.now() + EXPECT_MS;
  for (const event of events) ids.set(event.envelope.id, until);
  for (const wake of relays) wake();
}

/** Whether events enqueued in this process still wait to be published (forgetting stale ones). */
function awaitingLocal(schema: string): boolean {
  const ids = expected.get(schema);
  if (!ids) return false;
  const now = Date.now();
  for (const [id, until] of ids) if (until <= now) ids.delete(id);
  return ids.size > 0;
}

/**
 * Whether a publish failed because NATS or JetStream was unreachable (down, restarting, no
 * responders, timed out) rather than because of the message itself.
 */
export function isTransient(error: unknown): boolean {
  for (let e = error; e instanceof Error; e = e.cause) {
    if (
      e instanceof TimeoutError ||
      e instanceof RequestError ||
      e instanceof ConnectionError ||
      e instanceof ClosedConnectionError ||
      e instanceof DrainingConnectionError
    )
      return true;
    // JetStream answers 503 while it is starting (no meta leader / not yet ready).
    if (/\b503\b|jetstream not (enabled|available)|temporarily unavailable/i.test(e.message))
      return true;
  }
  return false;
}

/** After this many failed publishes a row is left unsent (and logged) instead of retried forever. */
export const MAX_ATTEMPTS = 25;

interface OutboxRow {
  seq: number;
  id: string;
  subject: string;
  payload: unknown;
}

export interface OutboxRelay extends AsyncDisposable {
  /** Publishes everything pending now; resolves with how many rows were sent. */
  flush(): Promise<number>;
  stop(): Promise<void>;
}

export interface OutboxRelayOptions {
  db: Kysely<unknown>;
  schema: string;
  nc: NatsConnection;
  names: Names;
  logger: BusLogger;
  /** How often to look for rows no write in this process announced. */
  pollIntervalMs?: number;
  batchSize?: number;
  publishTimeoutMs?: number;
  /** Pause before the next batch when more events arrived during one (default 5 ms). */
  coalesceMs?: number;
  onPublished?: (count: number) => void;
}

/** Starts a relay; several relays (one per service instance) can run against one outbox safely. */
export function startOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const { db, schema, nc, logger } = options;
  const js = jetstream(nc);
  const batchSize = options.batchSize ?? 200;
  const pollMs = options.pollIntervalMs ?? 1_000;
  const coalesceMs = options.coalesceMs ?? 5;
  let stopped = false;
  let running: Promise<number> | undefined;
  let again = false;
  let failures = 0;
  let lastError: unknown;
  let timer: NodeJS.Timeout | undefined;

  /**
   * One batch: lock unsent rows (skipping rows another relay holds), publish them, and mark the
   * ones JetStream acknowledged, in the same transaction. A row that fails is only counted, so
   * one bad row never holds back the rows after it; after MAX_ATTEMPTS it is left for an operator.
   */
  const sendBatch = async (): Promise<{ sent: number; failed: number }> =>
    db.transaction().execute(async (trx) => {
      const rows = (
        await sql<OutboxRow>`select seq, id, subject, payload from ${sql.id(schema, 'outbox')}
          where sent_at is null and attempts < ${MAX_ATTEMPTS}
          order by seq limit ${batchSize} for update skip locked`.execute(trx)
      ).rows;
      if (!rows.length) return { sent: 0, failed: 0 };
      // Publishes are pipelined; JetStream keeps their order on one connection.
      const results = await Promise.allSettled(
        rows.map((row) =>
          js.publish(row.subject, encodeJson(row.payload), {
            msgID: row.id,
            timeout: options.publishTimeoutMs ?? 5_000,
          }),
        ),
      );
      const sentRows = rows.filter((_, i) => results[i]?.status === 'fulfilled');
      const sent = sentRows.map((r) => r.seq);
      const reasons = results.flatMap((r) =>
        r.status === 'rejected' ? [r.reason as unknown] : [],
      );
      // Only a failure of the row itself counts towards MAX_ATTEMPTS: while NATS or JetStream is
      // down or restarting every publish fails, and those rows must wait, not be given up on.
      const rejected = rows.filter(
        (_, i) => results[i]?.status === 'rejected' && !isTransient(results[i].reason),
      );
      if (sent.length) {
        await sql`update ${sql.id(schema, 'outbox')} set sent_at = now(), attempts = attempts + 1
          where seq = any(${sent}::bigint[])`.execute(trx);
      }
      const waited = expected.get(schema);
      if (waited) for (const row of sentRows) waited.delete(row.id);
      if (rejected.length) {
        await sql`update ${sql.id(schema, 'outbox')} set attempts = attempts + 1
          where seq = any(${rejected.map((r) => r.seq)}::bigint[])`.execute(trx);
      }
      if (reasons.length) lastError = reasons[0];
      return { sent: sent.length, failed: reasons.length };
    });

  const drain = async (): Promise<number> => {
    let total = 0;
    for (;;) {
      const { sent, failed } = await sendBatch();
      total += sent;
      if (failed)
        throw new Error(`failed to publish ${failed} outbox events`, { cause: lastError });
      if (sent < batchSize) return total;
    }
  };

  const run = (): Promise<number> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let total = 0;
      try {
        let misses = 0;
        for (;;) {
          again = false;
          const sent = await drain();
          total += sent;
          if (stopped) break;
          if (again) {
            // Writes kept arriving while we sent: let a few more gather, so a steady stream of
            // writes goes out in batches rather than costing a transaction per event.
            misses = 0;
            await new Promise((r) => setTimeout(r, coalesceMs));
          } else if (awaitingLocal(schema)) {
            // Written here but not committed yet: look again soon, less often the longer it takes.
            misses = sent ? 0 : misses + 1;
            await new Promise((r) => setTimeout(r, Math.min(2 ** misses, 100)));
          } else break;
        }
        failures = 0;
        if (total) options.onPublished?.(total);
        return total;
      } catch (error) {
        failures++;
        // Keep the log quiet while NATS is down: the first failure and then every 30th.
        if (failures === 1 || failures % 30 === 0) {
          logger.warn({ err: error, failures }, 'outbox relay could not publish; will retry');
        }
        schedule();
        return total;
      } finally {
        running = undefined;
      }
    })();
    return running;
  };

  /**
   * One poll timer. After a failed pass the next one comes sooner than the poll interval, backing
   * off up to 10 s, so rows waiting on a broken NATS or Postgres go out soon after it recovers
   * even when no new commit wakes the relay.
   */
  const schedule = () => {
    clearTimeout(timer);
    if (stopped) return;
    const delay = failures
      ? Math.min(Math.min(pollMs, 1_000) * 2 ** Math.min(failures - 1, 4), 10_000)
      : pollMs;
    timer = setTimeout(() => {
      void run().finally(schedule);
    }, delay);
  };

  // A NATS reconnect ends an outage: publish what waited at once rather than at the next poll.
  void (async () => {
    for await (const status of nc.status()) {
      if (stopped) break;
      if (status.type === 'reconnect') void run();
    }
  })().catch(() => undefined);

  const wake = () => void run();
  let relays = localRelays.get(schema);
  if (!relays) localRelays.set(schema, (relays = new Set<() => void>()));
  relays.add(wake);
  schedule();
  void run();

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      stopped = true;
      clearTimeout(timer);
      localRelays.get(schema)?.delete(wake);
      await running;
    })());
  return {
    async flush() {
      await running;
      return run();
    },
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
