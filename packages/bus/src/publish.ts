import type { EventEnvelope } from '@outloud/contracts';
import type { NatsConnection } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import { encodeJson } from './codec.js';

/**
 * Publishes one event straight to JetStream, deduplicated by its id. Services publish through
 * the outbox; this is for tools and tests that stand in for a producer.
 */
export async function publishEvent(
  nc: NatsConnection,
  subject: string,
  envelope: EventEnvelope,
  options: { msgID?: string } = {},
): Promise<{ duplicate: boolean; seq: number }> {
  const ack = await jetstream(nc).publish(subject, encodeJson(envelope), {
    msgID: options.msgID ?? envelope.id,
  });
  return { duplicate: ack.duplicate, seq: ack.seq };
}
