import type { Names } from '@outloud/contracts';
import type { NatsConnection } from '@nats-io/transport-node';
import {
  DeliverPolicy,
  jetstream,
  jetstreamManager,
  type ConsumerMessages,
} from '@nats-io/jetstream';
import type { BusLogger } from './connection.js';
import { decodeJson } from './codec.js';

/** An event with its stream sequence: a position that only grows, usable as a cursor. */
export interface PositionedEvent {
  seq: number;
  event: unknown;
}

export interface EventTail {
  /** The sequence of the last event seen (or the stream's last one when the tail started). */
  readonly position: number;
  stop(): Promise<void>;
}

/**
 * Follows new events under `filterSubject` with an ordered (ephemeral, in-order, self-healing)
 * JetStream consumer, handing each one to `onEvent` with its stream sequence. Every process that
 * calls this sees every event: nothing is shared or acknowledged.
 */
export async function tailEvents(options: {
  nc: NatsConnection;
  names: Names;
  filterSubject: string;
  onEvent: (event: PositionedEvent) => void;
  logger: BusLogger;
}): Promise<EventTail> {
  const jsm = await jetstreamManager(options.nc);
  const info = await jsm.streams.info(options.names.stream);
  let position = info.state.last_seq;
  const consumer = await jetstream(options.nc).consumers.get(options.names.stream, {
    filter_subjects: options.filterSubject,
    deliver_policy: DeliverPolicy.StartSequence,
    opt_start_seq: position + 1,
  });
  const messages: ConsumerMessages = await consumer.consume({ max_messages: 512 });
  const done = (async () => {
    for await (const m of messages) {
      position = Math.max(position, m.seq);
      const event = decodeJson(m.data);
      if (event === undefined) continue;
      try {
        options.onEvent({ seq: m.seq, event });
      } catch (error) {
        options.logger.error({ err: error, seq: m.seq }, 'live event handler failed');
      }
    }
  })();
  return {
    get position() {
      return position;
    },
    async stop() {
      await messages.close();
      await done.catch(() => undefined);
    },
  };
}

export interface EventsAfter {
  events: PositionedEvent[];
  /** More events follow the last one returned. */
  more: boolean;
  /**
   * The events after `afterSeq` are no longer stored, or are older than `maxAgeMs`: the reader
   * should reload instead of replaying.
   */
  gap: boolean;
}

/** Messages asked for in the first pull of a read; later pulls are sized by the bytes left. */
const FIRST_BATCH = 16;
const MAX_BATCH = 64;

/**
 * Reads up to `max` stored events under `filterSubject` after the sequence `afterSeq`, in order:
 * what a client that was offline since `afterSeq` missed. With `maxBytes`, the events returned
 * hold at most that many bytes of message data (always at least one event): the read pulls small
 * batches sized by the bytes left, so a few huge events cannot make it load hundreds.
 */
export async function readEventsAfter(options: {
  nc: NatsConnection;
  names: Names;
  filterSubject: string;
  afterSeq: number;
  max: number;
  maxBytes?: number;
  /** Refuse (as a gap) to replay events older than this. */
  maxAgeMs?: number;
  now?: Date;
}): Promise<EventsAfter> {
  const jsm = await jetstreamManager(options.nc);
  const { state } = await jsm.streams.info(options.names.stream);
  const gap = state.messages > 0 && options.afterSeq + 1 < state.first_seq;
  if (gap || options.afterSeq >= state.last_seq) return { events: [], more: false, gap };
  const consumer = await jetstream(options.nc).consumers.get(options.names.stream, {
    filter_subjects: options.filterSubject,
    deliver_policy: DeliverPolicy.StartSequence,
    opt_start_seq: options.afterSeq + 1,
  });
  const maxBytes = options.maxBytes ?? Infinity;
  const oldest = options.maxAgeMs
    ? (options.now ?? new Date()).getTime() - options.maxAgeMs
    : -Infinity;
  const events: PositionedEvent[] = [];
  let bytes = 0;
  let seen = 0;
  /** The page stopped (full in items or bytes) with events still to come. */
  let more = false;
  try {
    let batch = Math.min(options.max, FIRST_BATCH);
    for (;;) {
      const messages = await consumer.fetch({ max_messages: batch, expires: 1_000 });
      let received = 0;
      let last = false;
      for await (const m of messages) {
        received++;
        if (seen === 0 && m.time.getTime() < oldest) return { events: [], more: false, gap: true };
        if (seen > 0 && (bytes + m.data.length > maxBytes || seen >= options.max)) {
          more = true; // this one is left for the next page
          break;
        }
        seen++;
        bytes += m.data.length;
        const event = decodeJson(m.data);
        if (event !== undefined) events.push({ seq: m.seq, event });
        last = m.info.pending === 0 || m.seq >= state.last_seq;
        if (last) break;
      }
      if (more || last || received === 0) break;
      if (seen >= options.max) {
        more = true;
        break;
      }
      const average = bytes / seen;
      const fits = Math.floor((maxBytes - bytes) / Math.max(1, average));
      batch = Math.max(1, Math.min(MAX_BATCH, options.max - seen, fits));
    }
  } finally {
    await consumer.delete().catch(() => undefined);
  }
  return { events, more, gap: false };
}
