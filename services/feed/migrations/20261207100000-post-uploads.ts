import { sql, type Kysely } from 'kysely';

/**
 * Which uploads each post and answer body uses (`/api/v1/uploads/<id>`), so the gateway can ask
 * whether a reader may see an upload. One row per body (`source_id`: the post's or the answer's
 * id) and upload; `author_id` is who wrote that body, since only the uploader's own content
 * makes an upload visible to others.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table feed.post_uploads (
    source_id uuid not null,
    upload_id uuid not null,
    post_id uuid not null references feed.posts (id),
    answer_id uuid references feed.answers (id),
    author_id uuid not null,
    primary key (source_id, upload_id)
  )`.execute(db);
  // The one read: "is this upload used by its owner anywhere", per upload id.
  await sql`create index post_uploads_upload_idx on feed.post_uploads (upload_id, author_id)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table feed.post_uploads`.execute(db);
}
