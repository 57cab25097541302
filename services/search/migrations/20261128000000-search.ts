import { sql, type Kysely } from 'kysely';

/**
 * The search schema. `indexed_posts` remembers the version of each post last sent to the index,
 * so a redelivered or out-of-order older event never overwrites newer state.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .withSchema('search')
    .createTable('indexed_posts')
    .addColumn('post_id', 'uuid', (c) => c.primaryKey())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('deleted', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('indexed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropSchema('search').cascade().execute();
}
