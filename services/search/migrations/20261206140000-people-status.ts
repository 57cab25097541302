import { type Kysely } from 'kysely';

/**
 * People keep their account status: someone suspended or gone is not offered as an expert, since
 * nobody can reach them (their contributions still count in what they wrote).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .withSchema('search')
    .alterTable('people')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.withSchema('search').alterTable('people').dropColumn('status').execute();
}
