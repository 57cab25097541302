import type { BusLogger } from '@outloud/bus';
import type { Actor, Names } from '@outloud/contracts';
import type { Kysely } from 'kysely';
import type { FeedDB } from './db.js';

/** What every feed handler needs, passed explicitly. */
export interface FeedContext {
  db: Kysely<FeedDB>;
  names: Names;
  clock: () => Date;
  /** For audit lines (redactions); optional so tests may leave it out. */
  logger?: BusLogger;
  /** Open flags from this many people hide content (default 3, env FLAG_HIDE_THRESHOLD). */
  flagHideThreshold?: number;
}

export function isAdmin(actor: Actor): boolean {
  return actor.roles.includes('admin');
}

/** Authors change their own content; admins moderate everyone's. */
export function canModify(actor: Actor, authorId: string): boolean {
  return actor.id === authorId || isAdmin(actor);
}
