import Type from 'typebox';
import { Actor, Id, Timestamp } from '../common.js';

/**
 * Every domain event travels in this envelope. `id` is a UUIDv7 and doubles as the JetStream
 * `Nats-Msg-Id`, so a republished event is dropped as a duplicate.
 */
export const Envelope = <T extends Type.TSchema, K extends string>(type: K, data: T) =>
  Type.Object({
    id: Id,
    type: Type.Literal(type),
    occurredAt: Timestamp,
    actor: Type.Union([Actor, Type.Null()]),
    data,
  });

export interface EventEnvelope<K extends string = string, D = unknown> {
  id: string;
  type: K;
  occurredAt: string;
  actor: Actor | null;
  data: D;
}
