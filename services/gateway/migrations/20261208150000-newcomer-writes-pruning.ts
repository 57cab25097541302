import { sql, type Kysely } from 'kysely';

/**
 * `newcomer_writes` rows matter only in their writer's first hours; the guard deletes older ones
 * in small batches as newcomers write. This index finds them by age.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index newcomer_writes_at_idx on identity.newcomer_writes (at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index identity.newcomer_writes_at_idx`.execute(db);
}
