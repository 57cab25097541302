import { sql, type Kysely } from 'kysely';

/**
 * "Unanswered in my topics": open questions carrying any of a person's tags. Those questions are
 * few next to every post, so a tag index over them alone answers the overlap (`tags && …`)
 * without reading the whole tag index of the feed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index posts_unanswered_tags on feed.posts using gin (tags)
    where deleted_at is null and kind = 'question' and answer_count = 0`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index feed.posts_unanswered_tags`.execute(db);
}
