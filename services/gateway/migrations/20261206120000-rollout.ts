import { sql, type Kysely } from 'kysely';
import { createOutboxTable } from '@outloud/bus';

// Written against Kysely<any> on purpose: migrations never import application types.
/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * What a company roll-out needs: account status and profiles, single sign-on links, one-time
 * tokens (setup, email verification, password reset), invitations, the sign-up policy, the audit
 * log, the emails Outloud sends, and an outbox for identity events.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const schema = db.schema.withSchema('identity');

  await sql`alter table identity.users drop constraint users_roles_check`.execute(db);
  await sql`alter table identity.users add constraint users_roles_check
    check (roles <@ array['member', 'ld', 'manager', 'moderator', 'admin']::text[])`.execute(db);
  // People who only ever sign in through single sign-on have no password.
  await sql`alter table identity.users alter column password_hash drop not null`.execute(db);
  await schema
    .alterTable('users')
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('active')
        .check(sql`status in ('active', 'suspended', 'deactivated')`),
    )
    .addColumn('status_reason', 'text')
    .addColumn('status_changed_at', 'timestamptz')
    .addColumn('email_verified_at', 'timestamptz')
    .addColumn('bio', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('title', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('team', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('time_zone', 'text')
    .addColumn('skills', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    // Storage key of the current avatar (a new key per upload, so caches never serve an old one).
    .addColumn('avatar_key', 'text')
    .addColumn('last_seen_at', 'timestamptz')
    .execute();
  // The people directory pages newest first and filters by status.
  await schema
    .createIndex('users_created_at_id_idx')
    .on('users')
    .columns(['created_at desc', 'id desc'])
    .execute();
  await schema.createIndex('users_status_idx').on('users').column('status').execute();

  await schema
    .alterTable('sessions')
    .addColumn('user_agent', 'text')
    .addColumn('method', 'text', (c) => c.notNull().defaultTo('password'))
    .execute();
  await schema.alterTable('api_tokens').addColumn('expires_at', 'timestamptz').execute();

  // Single-use secrets sent by email or printed at first start; only their sha256 is kept.
  await schema
    .createTable('one_time_tokens')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('purpose', 'text', (c) =>
      c.notNull().check(sql`purpose in ('setup', 'verify_email', 'reset_password')`),
    )
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('user_id', 'uuid', (c) => c.references('identity.users.id').onDelete('cascade'))
    .addColumn('email', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz')
    .execute();
  await schema
    .createIndex('one_time_tokens_user_purpose_idx')
    .on('one_time_tokens')
    .columns(['user_id', 'purpose'])
    .execute();

  await schema
    .createTable('invitations')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('roles', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{member}'::text[]`))
    .addColumn('channel_ids', sql`uuid[]`, (c) => c.notNull().defaultTo(sql`'{}'::uuid[]`))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('invited_by', 'uuid', (c) => c.references('identity.users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('accepted_at', 'timestamptz')
    .addColumn('accepted_by', 'uuid', (c) => c.references('identity.users.id').onDelete('set null'))
    .addColumn('revoked_at', 'timestamptz')
    .execute();
  await sql`create index invitations_email_idx on identity.invitations (lower(email))`.execute(db);
  await schema
    .createIndex('invitations_created_at_id_idx')
    .on('invitations')
    .columns(['created_at desc', 'id desc'])
    .execute();

  // One row: the instance's sign-up policy.
  await schema
    .createTable('settings')
    .addColumn('id', 'boolean', (c) =>
      c
        .primaryKey()
        .defaultTo(true)
        .check(sql`id`),
    )
    .addColumn('signup', 'text', (c) =>
      c
        .notNull()
        .defaultTo('open')
        .check(sql`signup in ('open', 'domain', 'invite')`),
    )
    .addColumn('allowed_domains', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('password_login', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`insert into identity.settings (id) values (true)`.execute(db);

  // Who did what to whom: every admin and moderator action. Actors are kept by id and by the
  // handle they had, so the log still reads after an account is gone.
  await schema
    .createTable('audit_log')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('actor_id', 'uuid')
    .addColumn('actor_handle', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text')
    .addColumn('target_label', 'text')
    .addColumn('details', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await schema
    .createIndex('audit_log_at_id_idx')
    .on('audit_log')
    .columns(['at desc', 'id desc'])
    .execute();
  await schema
    .createIndex('audit_log_action_at_idx')
    .on('audit_log')
    .columns(['action', 'at desc', 'id desc'])
    .execute();
  await schema
    .createIndex('audit_log_actor_at_idx')
    .on('audit_log')
    .columns(['actor_id', 'at desc', 'id desc'])
    .execute();

  // A person's accounts at identity providers: (provider, subject) is how they come back.
  await schema
    .createTable('oidc_links')
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('user_id', 'uuid', (c) =>
      c.notNull().references('identity.users.id').onDelete('cascade'),
    )
    .addColumn('email', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('oidc_links_pkey', ['provider', 'subject'])
    .execute();
  await schema.createIndex('oidc_links_user_id_idx').on('oidc_links').column('user_id').execute();

  // Sign-ins under way at a provider: state, nonce and PKCE verifier, keyed by the sha256 of a
  // value only the browser that started holds (a cookie), so a callback cannot be replayed.
  await schema
    .createTable('oidc_logins')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('nonce', 'text', (c) => c.notNull())
    .addColumn('code_verifier', 'text', (c) => c.notNull())
    .addColumn('return_to', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await schema
    .createIndex('oidc_logins_expires_at_idx')
    .on('oidc_logins')
    .column('expires_at')
    .execute();

  // Emails Outloud sends (verification, invitations, password resets). Written in the same
  // transaction as what they announce and sent by a worker, so a crash loses none. Once sent,
  // the body and its link are cleared: they carry one-time secrets.
  await schema
    .createTable('emails')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('to_address', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('text', 'text')
    .addColumn('html', 'text')
    .addColumn('link', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('sent_at', 'timestamptz')
    .addColumn('last_error', 'text')
    .execute();
  await sql`create index emails_unsent_idx on identity.emails (next_attempt_at) where sent_at is null`.execute(
    db,
  );
  await schema
    .createIndex('emails_created_at_id_idx')
    .on('emails')
    .columns(['created_at desc', 'id desc'])
    .execute();

  await createOutboxTable(db, 'identity');
}

export async function down(db: Kysely<any>): Promise<void> {
  const schema = db.schema.withSchema('identity');
  for (const table of [
    'outbox',
    'emails',
    'oidc_logins',
    'oidc_links',
    'audit_log',
    'settings',
    'invitations',
    'one_time_tokens',
  ]) {
    await schema.dropTable(table).ifExists().execute();
  }
  await schema.alterTable('api_tokens').dropColumn('expires_at').execute();
  await schema.alterTable('sessions').dropColumn('user_agent').dropColumn('method').execute();
  for (const column of [
    'status',
    'status_reason',
    'status_changed_at',
    'email_verified_at',
    'bio',
    'title',
    'team',
    'time_zone',
    'skills',
    'avatar_key',
    'last_seen_at',
  ]) {
    await schema.alterTable('users').dropColumn(column).execute();
  }
  await sql`alter table identity.users drop constraint users_roles_check`.execute(db);
  await sql`alter table identity.users add constraint users_roles_check
    check (roles <@ array['member', 'ld', 'manager', 'admin']::text[])`.execute(db);
}
