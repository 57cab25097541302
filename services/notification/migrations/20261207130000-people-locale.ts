import type { Kysely } from 'kysely';

/**
 * The language each person reads, as identity announces it, so their digest is written in it.
 * Null (unknown or not chosen) means English.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .withSchema('notify')
    .alterTable('people_status')
    .addColumn('locale', 'text')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.withSchema('notify').alterTable('people_status').dropColumn('locale').execute();
}
