import type { ColumnType } from 'kysely';
import type { ExportStatus } from '@outloud/contracts';

/** Row type of `identity.exports` (camelCase; the database plugin maps to snake_case). */
export interface ExportsTable {
  id: string;
  requestedBy: string;
  status: ExportStatus;
  progress: ColumnType<number, number | undefined, number>;
  stage: string | null;
  records: ColumnType<number, number | undefined, number>;
  /** `bigint` comes back as a string from pg. */
  size: ColumnType<string | null, number | null | undefined, number | null>;
  error: string | null;
  createdAt: ColumnType<Date, Date | undefined, never>;
  finishedAt: Date | null;
  heartbeatAt: ColumnType<Date, Date | undefined, Date>;
}

/** A type (not an interface) so that `Kysely.withTables` takes it. */
export type ExportsDatabase = {
  'identity.exports': ExportsTable;
};
