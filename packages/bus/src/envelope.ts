import type { Actor, EventEnvelope } from '@outloud/contracts';
import { v7 as uuidv7 } from 'uuid';

/** Builds an event envelope with a fresh UUIDv7 id (time-ordered, also the `Nats-Msg-Id`). */
export function createEnvelope<K extends string, D>(
  type: K,
  data: D,
  actor: Actor | null,
  now: Date = new Date(),
): EventEnvelope<K, D> {
  return { id: uuidv7({ msecs: now.getTime() }), type, occurredAt: now.toISOString(), actor, data };
}
