import type { ColumnType } from 'kysely';

/** Row type of `identity.uploads`, in camelCase (the database plugin maps to snake_case). */
export interface UploadsTable {
  id: string;
  ownerId: string;
  /** The file's key in the uploads store (ours, never the uploader's name). */
  storageKey: string;
  contentType: string;
  size: number;
  width: number | null;
  height: number | null;
  /** The name it was uploaded under, cleaned for a download's file name. */
  originalName: string;
  createdAt: ColumnType<Date, Date | undefined, never>;
}

/** A type (not an interface) so that `Kysely.withTables` takes it. */
export type UploadsDatabase = {
  'identity.uploads': UploadsTable;
};
