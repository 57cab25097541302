import { sql, type Kysely } from 'kysely';

/**
 * Threads page their answers (accepted first, most helpful, oldest, then id) by keyset, and an
 * earlier version of a post can be removed from its history, leaving a marked row.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index answers_thread_order on feed.answers
    (post_id, (not accepted), (-score), created_at, id) where deleted_at is null`.execute(db);
  await db.schema
    .withSchema('feed')
    .alterTable('post_revisions')
    .addColumn('redacted_at', 'timestamptz')
    .addColumn('redacted_by', 'uuid', (c) => c.references('feed.authors.id'))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .withSchema('feed')
    .alterTable('post_revisions')
    .dropColumn('redacted_by')
    .dropColumn('redacted_at')
    .execute();
  await sql`drop index feed.answers_thread_order`.execute(db);
}
