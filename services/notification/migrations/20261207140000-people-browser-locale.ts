import type { Kysely } from 'kysely';

/**
 * The language each person's browser asks for, as identity announces it: their digest uses it
 * while they have chosen none (`locale` null).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .withSchema('notify')
    .alterTable('people_status')
    .addColumn('browser_locale', 'text')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .withSchema('notify')
    .alterTable('people_status')
    .dropColumn('browser_locale')
    .execute();
}
