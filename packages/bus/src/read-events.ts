import type { Names } from '@outloud/contracts';
import type { NatsConnection } from '@nats-io/transport-node';
import { DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { decodeJson } from './codec.js';

/**
 * Reads every event currently stored under `filterSubject` (a single subject or wildcard), in
 * stream order. For tests and tools that inspect what a service published; not for consuming.
 */
export async function readStoredEvents(
  nc: NatsConnection,
  names: Names,
  filterSubject: string,
): Promise<unknown[]> {
  const jsm = await jetstreamManager(nc);
  const { state } = await jsm.streams.info(names.stream);
  if (!state.messages) return [];
  const consumer = await jetstream(nc).consumers.get(names.stream, {
    filter_subjects: filterSubject,
    deliver_policy: DeliverPolicy.All,
  });
  const events: unknown[] = [];
  const messages = await consumer.fetch({ max_messages: state.messages, expires: 1_000 });
  for await (const m of messages) {
    events.push(decodeJson(m.data));
    if (m.info.pending === 0) break;
  }
  await consumer.delete().catch(() => undefined);
  return events;
}
