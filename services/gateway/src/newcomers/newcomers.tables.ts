import type { ColumnType, Generated } from 'kysely';
import type { NewcomerWriteKind } from './newcomers.logic.js';

/** Row type of `identity.newcomer_writes`, in camelCase (the database plugin maps to snake_case). */
export interface NewcomerWritesTable {
  id: Generated<string>;
  userId: string;
  at: ColumnType<Date, Date, never>;
  kind: NewcomerWriteKind;
  /** The post or answer written (null while the write is under way, or if that step failed). */
  targetId: string | null;
  links: number;
}

/** A type (not an interface) so that `Kysely.withTables` takes it. */
export type NewcomersDatabase = {
  'identity.newcomerWrites': NewcomerWritesTable;
};
