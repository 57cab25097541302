import { checker, type Names } from '@outloud/contracts';
import type { NatsConnection } from '@nats-io/transport-node';
import {
  AckPolicy,
  DeliverPolicy,
  jetstream,
  jetstreamManager,
  type ConsumerMessages,
  type JsMsg,
} from '@nats-io/jetstream';
import type Type from 'typebox';
import type { BusLogger } from './connection.js';
import { decodeJson } from './codec.js';
import { PermanentError } from './errors.js';

const NANOS_PER_MS = 1_000_000;

/** Event schemas a consumer understands, by envelope `type`. */
export type EventSchemas = Record<string, Type.TSchema>;

export type EventOf<S extends EventSchemas> = { [K in keyof S]: Type.Static<S[K]> }[keyof S];

export interface ConsumerStats {
  handled: number;
  ignored: number;
  invalid: number;
  retried: number;
}

export interface DurableConsumer extends AsyncDisposable {
  readonly stats: Readonly<ConsumerStats>;
  stop(): Promise<void>;
}

export interface DurableConsumerOptions<S extends EventSchemas> {
  nc: NatsConnection;
  names: Names;
  /** The consuming service; names the durable consumer. */
  service: string;
  /** One subject filter, e.g. `names.events('feed')` (NATS 2.9 takes one filter per consumer). */
  filterSubject: string;
  schemas: S;
  handle: (event: EventOf<S>, meta: { redeliveryCount: number; subject: string }) => Promise<void>;
  logger: BusLogger;
  ackWaitMs?: number;
  /** How many messages the client buffers. */
  maxMessages?: number;
  /**
   * How many messages are handled at once. 1 (the default) handles events strictly in stream
   * order; more lets a handler batch work (e.g. search indexing) at the cost of ordering. Handlers
   * are still called in stream order (each as its message is taken), only their ends interleave,
   * so a handler that queues its event synchronously (e.g. into a batch) keeps stream order.
   */
  concurrency?: number;
  /**
   * Messages with the same key are handled one after another, in stream order; different keys
   * run concurrently (up to `concurrency`). Use it to keep per-entity order (e.g. per post)
   * without handling the whole stream one message at a time.
   */
  orderingKey?: (event: EventOf<S>) => string;
  /** Retry delay for the n-th redelivery (1-based); the default backs off to 30 s. */
  backoffMs?: (redelivery: number) => number;
  onInvalid?: (reason: string) => void;
}

const defaultBackoff = (n: number) => Math.min(250 * 2 ** (n - 1), 30_000);

/**
 * Runs a durable JetStream consumer: each message is decoded and validated, then handled, and only
 * acked (with `ackAck`, so we know the ack landed) once the handler's work has committed. Transient
 * failures are nak'ed with backoff and retried forever; malformed messages and `PermanentError`s
 * are terminated and counted. Event types the consumer has no schema for are acked and skipped.
 */
export async function startDurableConsumer<S extends EventSchemas>(
  options: DurableConsumerOptions<S>,
): Promise<DurableConsumer> {
  const { nc, names, logger } = options;
  const durable = names.consumer(options.service);
  const jsm = await jetstreamManager(nc);
  const config = {
    durable_name: durable,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    filter_subject: options.filterSubject,
    // Short enough that messages handed to a crashed instance come back quickly, long enough for a
    // handler (work here is small and batched).
    ack_wait: (options.ackWaitMs ?? 10_000) * NANOS_PER_MS,
    max_deliver: -1,
  };
  /** Creates the durable consumer unless it exists (another instance may create it at once). */
  const ensureConsumer = async () => {
    try {
      await jsm.consumers.info(names.stream, durable);
    } catch {
      await jsm.consumers.add(names.stream, config).catch(async (error: unknown) => {
        await jsm.consumers.info(names.stream, durable).catch(() => {
          throw error;
        });
      });
    }
  };
  await ensureConsumer();
  const stats: ConsumerStats = { handled: 0, ignored: 0, invalid: 0, retried: 0 };
  const checkers = Object.fromEntries(
    Object.entries(options.schemas).map(([type, schema]) => [type, checker(schema)]),
  );
  const backoff = options.backoffMs ?? defaultBackoff;

  const terminate = (msg: JsMsg, reason: string) => {
    stats.invalid++;
    options.onInvalid?.(reason);
    logger.warn({ subject: msg.subject, seq: msg.seq, reason }, 'terminating invalid event');
    // No reason on the wire: NATS 2.9 does not understand `+TERM <reason>`.
    msg.term();
  };

  /** A message decoded and validated once, before it is queued and handled. */
  type Parsed =
    | { kind: 'event'; type: string; event: EventOf<S> }
    | { kind: 'ignored' }
    | { kind: 'invalid'; reason: string };
  const parse = (msg: JsMsg): Parsed => {
    const payload = decodeJson(msg.data) as { type?: unknown } | undefined;
    if (!payload || typeof payload.type !== 'string')
      return { kind: 'invalid', reason: 'not an event envelope' };
    const type = payload.type;
    const check = checkers[type];
    if (!check) return { kind: 'ignored' };
    if (!check.check(payload)) {
      const first = check.issues(payload)[0];
      return { kind: 'invalid', reason: `invalid ${type}: ${first?.path} ${first?.message}` };
    }
    return { kind: 'event', type, event: payload as EventOf<S> };
  };

  const process = async (msg: JsMsg, parsed: Parsed) => {
    if (parsed.kind === 'invalid') return terminate(msg, parsed.reason);
    if (parsed.kind === 'ignored') {
      stats.ignored++;
      await msg.ackAck();
      return;
    }
    const { type, event } = parsed;
    const deliveries = msg.info.deliveryCount;
    const redeliveryCount = deliveries - 1;
    try {
      await options.handle(event, { redeliveryCount, subject: msg.subject });
    } catch (error) {
      if (error instanceof PermanentError) return terminate(msg, error.message);
      stats.retried++;
      logger.warn({ err: error, type, redeliveryCount }, 'event handling failed; will retry');
      msg.nak(backoff(deliveries));
      return;
    }
    await msg.ackAck();
    stats.handled++;
  };

  const open = async (): Promise<ConsumerMessages> =>
    (await jetstream(nc).consumers.get(names.stream, durable)).consume({
      max_messages: options.maxMessages ?? 64,
      // Pull requests of a crashed instance expire soon, so the server stops sending to it.
      expires: 5_000,
      // By default the client keeps pulling from a deleted consumer forever, receiving nothing;
      // ending the iterator instead lets the loop below make the consumer again.
      abort_on_missing_resource: true,
    });
  let stopped = false;
  let messages: ConsumerMessages | undefined = await open();
  const concurrency = Math.max(1, options.concurrency ?? 1);
  const inFlight = new Set<Promise<void>>();
  /** The last queued work per ordering key; the next message with that key waits for it. */
  const tails = new Map<string, Promise<void>>();
  const keyOf = (parsed: Parsed): string | undefined =>
    options.orderingKey && parsed.kind === 'event' ? options.orderingKey(parsed.event) : undefined;
  const settle = async (msg: JsMsg, parsed: Parsed) => {
    try {
      await process(msg, parsed);
    } catch (error) {
      // An ack that could not be confirmed (NATS down): the message will be redelivered.
      logger.warn({ err: error, seq: msg.seq }, 'could not settle event; it will be redelivered');
    }
  };
  const pump = async (current: ConsumerMessages) => {
    for await (const msg of current) {
      const parsed = parse(msg);
      const key = keyOf(parsed);
      const before = key === undefined ? undefined : tails.get(key);
      const work = before ? before.then(() => settle(msg, parsed)) : settle(msg, parsed);
      if (key !== undefined) {
        tails.set(key, work);
        void work.finally(() => {
          if (tails.get(key) === work) tails.delete(key);
        });
      }
      inFlight.add(work);
      void work.finally(() => inFlight.delete(work));
      if (inFlight.size >= concurrency) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
  };
  /**
   * Consumes until stop(). The iterator ends or fails only when the consumer itself breaks (it
   * was deleted, JetStream lost it in a restart, …): the consumer is then made again and
   * consumption resumes with back-off, instead of the service silently consuming nothing.
   */
  const loop = (async () => {
    let failures = 0;
    for (;;) {
      if (messages) {
        try {
          await pump(messages);
          if (stopped) return;
          logger.warn({ durable }, 'event consumer ended unexpectedly; resuming');
        } catch (error) {
          if (stopped) return;
          logger.error({ err: error, durable }, 'event consumer failed; resuming');
        }
      }
      messages = undefined;
      failures++;
      await new Promise((r) => setTimeout(r, Math.min(250 * 2 ** Math.min(failures, 6), 10_000)));
      if (stopped) return;
      try {
        await ensureConsumer();
        messages = await open();
        failures = 0;
      } catch (error) {
        if (failures === 1 || failures % 30 === 0)
          logger.warn({ err: error, durable }, 'event consumer cannot resume yet; retrying');
      }
      if (stopped) {
        await messages?.close();
        return;
      }
    }
  })();

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      stopped = true;
      const current = messages;
      await current?.close();
      await loop.catch(() => undefined);
    })());
  return { stats, stop, [Symbol.asyncDispose]: stop };
}
