import type { Kysely } from 'kysely';

/**
 * People's standing as identity announces it: suspended and deactivated people are told about
 * nothing (no notifications, no digests). Only the newest change per person is kept.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .withSchema('notify')
    .createTable('people_status')
    .addColumn('user_id', 'uuid', (c) => c.primaryKey())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('changed_at', 'timestamptz', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.withSchema('notify').dropTable('people_status').ifExists().execute();
}
