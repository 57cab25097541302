import { sql, type Kysely } from 'kysely';

/** Channels everyone joins on sign-up (#general), so announcements there reach the whole team. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .withSchema('feed')
    .alterTable('channels')
    .addColumn('auto_join', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
  await sql`update feed.channels set auto_join = true where slug = 'general'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.withSchema('feed').alterTable('channels').dropColumn('auto_join').execute();
}
