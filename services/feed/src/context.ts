import type { Names } from '@outloud/contracts';
import type { Kysely } from 'kysely';
import type { FeedDB } from './db.js';

/** What every feed handler needs, passed explicitly. */
export interface FeedContext {
  db: Kysely<FeedDB>;
  names: Names;
  clock: () => Date;
}
