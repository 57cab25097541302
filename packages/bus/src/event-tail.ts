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

/**
 * Reads up to `max` stored events under `filterSubject` after the sequence `afterSeq`, in order:
 * what a client that was offline since `afterSeq` missed.
 */
export async function readEventsAfter(options: {
  nc: NatsConnection;
  names: Names;
  filterSubject: string;
  afterSeq: number;
  max: number;
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
  const events: PositionedEvent[] = [];
  let more = false;
  try {
    const messages = await consumer.fetch({ max_messages: options.max, expires: 1_000 });
    const oldest = options.maxAgeMs
      ? (options.now ?? new Date()).getTime() - options.maxAgeMs
      : -Infinity;
    for await (const m of messages) {
      if (events.length === 0 && m.time.getTime() < oldest)
        return { events: [], more: false, gap: true };
      const event = decodeJson(m.data);
      if (event !== undefined) events.push({ seq: m.seq, event });
      more = m.info.pending > 0;
      if (!more || m.seq >= state.last_seq) break;
    }
  } finally {
    await consumer.delete().catch(() => undefined);
  }
  return { events, more: more && events.length >= options.max, gap: false };
}
