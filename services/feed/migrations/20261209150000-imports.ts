import { sql, type Kysely } from 'kysely';

/**
 * Content imported from another tool (Stack Exchange, Discourse): one row per item, keyed by its
 * source and its id there, so running the same import again creates nothing twice.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table feed.imported_items (
    source text not null,
    external_id text not null,
    kind text not null check (kind in ('question', 'answer')),
    target_id uuid not null,
    imported_at timestamptz not null default now(),
    primary key (source, external_id)
  )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table feed.imported_items`.execute(db);
}
