import { sql, type Kysely } from 'kysely';

/**
 * Images and files people attach to posts and answers. The bytes live in file storage under
 * `storage_key`; this row says whose they are and how to serve them. Read by id (the primary key);
 * the owner index serves the foreign key.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table identity.uploads (
    id uuid primary key,
    owner_id uuid not null references identity.users (id) on delete cascade,
    storage_key text not null unique,
    content_type text not null,
    size integer not null check (size >= 0),
    width integer check (width > 0),
    height integer check (height > 0),
    original_name text not null,
    created_at timestamptz not null default now()
  )`.execute(db);
  await sql`create index uploads_owner_idx on identity.uploads (owner_id, created_at desc)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table identity.uploads`.execute(db);
}
