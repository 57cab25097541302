import type { Kysely } from 'kysely';
import type { GatewayDatabase } from '../db.js';
import type { UploadsDatabase, UploadsTable } from './uploads.tables.js';

export type UploadRow = Omit<UploadsTable, 'createdAt'>;

/** `db` with the uploads table in view (`withTables`: identity's own type does not list it). */
export function uploadsRepository(db: Kysely<GatewayDatabase & UploadsDatabase>) {
  return {
    async insert(row: UploadRow): Promise<void> {
      await db.insertInto('identity.uploads').values(row).execute();
    },

    async find(id: string): Promise<UploadRow | undefined> {
      return db
        .selectFrom('identity.uploads')
        .select([
          'id',
          'ownerId',
          'storageKey',
          'contentType',
          'size',
          'width',
          'height',
          'originalName',
        ])
        .where('id', '=', id)
        .executeTakeFirst();
    },
  };
}

export type UploadsRepository = ReturnType<typeof uploadsRepository>;
