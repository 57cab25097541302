import { sql, type Kysely } from 'kysely';

/**
 * Pinned announcements in the feed's order. The first page reads them through a prepared
 * statement whose generic plan cannot know how many pins are still current; over this index it
 * walks the few pinned posts newest first, instead of planning a heap scan for a third of all posts
 * (and so planning the page anew on every call).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index posts_pinned_new on feed.posts (created_at desc, id desc)
    where deleted_at is null and pinned_until is not null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index feed.posts_pinned_new`.execute(db);
}
