import type { RpcClient } from '@outloud/bus';
import type { Actor, FeedRpc, Names } from '@outloud/contracts';
import type { Kysely } from 'kysely';
import type { LearnDB } from './db.js';

/** What every learning handler needs, passed explicitly. */
export interface LearningContext {
  db: Kysely<LearnDB>;
  names: Names;
  feed: RpcClient<typeof FeedRpc>;
  clock: () => Date;
  newId: () => string;
}

/** People who run challenges and read team insights. */
export function leadsLearning(actor: Actor): boolean {
  return actor.roles.some((r) => r === 'ld' || r === 'manager' || r === 'admin');
}
