import { sql, type Kysely } from 'kysely';

/**
 * Newcomer limits and role lookups.
 *
 * `newcomer_writes`: what people in their first day wrote (posts, answers, and edits that added
 * links), so that their caps hold across every gateway instance. Rows are written only for
 * newcomers, at most a cap's worth each; the index serves the per-person count.
 *
 * Two indexes for `usersWithRole` (active people holding a role, oldest accounts first): a GIN
 * index on `roles` finds the few holders of a role such as `ld` or `moderator`, and one on the
 * active accounts by age serves the oldest-first walk (all of them hold `member`).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table identity.newcomer_writes (
    id uuid primary key default gen_random_uuid(),
    user_id uuid not null references identity.users (id) on delete cascade,
    at timestamptz not null,
    kind text not null check (kind in ('post', 'answer', 'edit')),
    target_id uuid,
    links integer not null check (links >= 0)
  )`.execute(db);
  await sql`create index newcomer_writes_user_idx on identity.newcomer_writes (user_id, at)`.execute(
    db,
  );
  await sql`create index users_roles_idx on identity.users using gin (roles)`.execute(db);
  await sql`create index users_active_by_age_idx on identity.users (created_at, id)
    where status = 'active'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index identity.users_active_by_age_idx`.execute(db);
  await sql`drop index identity.users_roles_idx`.execute(db);
  await sql`drop table identity.newcomer_writes`.execute(db);
}
