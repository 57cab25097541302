import { sql, type Kysely } from 'kysely';

/**
 * Indexes for the roll-out's lookups that would otherwise scan whole tables: the per-address count
 * of password-reset requests (every `POST /auth/password/forgot`), a manager's own invitations
 * (their list and daily count), and the invitation a new person accepted (every sign-up).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index one_time_tokens_reset_email_idx on identity.one_time_tokens
    (email, created_at desc) where purpose = 'reset_password'`.execute(db);
  await sql`create index invitations_invited_by_idx on identity.invitations
    (invited_by, created_at desc, id desc)`.execute(db);
  await sql`create index invitations_accepted_by_idx on identity.invitations (accepted_by)
    where accepted_by is not null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index identity.invitations_accepted_by_idx`.execute(db);
  await sql`drop index identity.invitations_invited_by_idx`.execute(db);
  await sql`drop index identity.one_time_tokens_reset_email_idx`.execute(db);
}
