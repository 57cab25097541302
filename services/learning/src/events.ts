import { createEnvelope, enqueueEvents } from '@outloud/bus';
import {
  LearningEvents,
  type Actor,
  type LearningEventData,
  type LearningEventType,
  type Names,
} from '@outloud/contracts';
import type { Kysely } from 'kysely';
import type { LearnDB } from './db.js';

export const LEARN_SCHEMA = 'learn';

/** Writes one event to the outbox inside the caller's transaction. */
export async function emit<K extends LearningEventType>(
  trx: Kysely<LearnDB>,
  names: Names,
  type: K,
  data: LearningEventData<K>,
  actor: Actor | null,
  now: Date,
): Promise<void> {
  await enqueueEvents(trx, LEARN_SCHEMA, [
    {
      subject: names.subject(LearningEvents[type].subject),
      envelope: createEnvelope(type, data, actor, now),
    },
  ]);
}
