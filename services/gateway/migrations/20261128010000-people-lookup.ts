import { sql, type Kysely } from 'kysely';

/** Prefix lookups of people by handle or display name (member pickers, mention autocomplete). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index users_handle_prefix on identity.users (handle text_pattern_ops)`.execute(
    db,
  );
  await sql`create index users_display_name_prefix on identity.users (lower(display_name) text_pattern_ops)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index identity.users_display_name_prefix`.execute(db);
  await sql`drop index identity.users_handle_prefix`.execute(db);
}
