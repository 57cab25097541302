import { sql, type Kysely } from 'kysely';

// Written against Kysely<any> on purpose: migrations never import application types.
/* eslint-disable @typescript-eslint/no-explicit-any */

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create schema if not exists identity`.execute(db);
  const schema = db.schema.withSchema('identity');

  await schema
    .createTable('users')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('handle', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('roles', sql`text[]`, (c) =>
      c
        .notNull()
        .defaultTo(sql`'{member}'::text[]`)
        .check(sql`roles <@ array['member', 'ld', 'manager', 'admin']::text[]`),
    )
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // Emails are unique whatever their case.
  await sql`create unique index users_email_lower_key on identity.users (lower(email))`.execute(db);

  await schema
    .createTable('sessions')
    // sha256 (hex) of the cookie token: a leaked table does not hand out sessions.
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'uuid', (c) =>
      c.notNull().references('identity.users.id').onDelete('cascade'),
    )
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_seen_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await schema.createIndex('sessions_user_id_idx').on('sessions').column('user_id').execute();
  await schema.createIndex('sessions_expires_at_idx').on('sessions').column('expires_at').execute();

  await schema
    .createTable('api_tokens')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('user_id', 'uuid', (c) =>
      c.notNull().references('identity.users.id').onDelete('cascade'),
    )
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_used_at', 'timestamptz')
    .execute();
  await schema.createIndex('api_tokens_user_id_idx').on('api_tokens').column('user_id').execute();

  // Failed sign-ins, shared by every gateway instance: key is `acct:<email>` or `ip:<address>`.
  await schema
    .createTable('login_failures')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await schema
    .createIndex('login_failures_key_at_idx')
    .on('login_failures')
    .columns(['key', 'at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  const schema = db.schema.withSchema('identity');
  await schema.dropTable('login_failures').ifExists().execute();
  await schema.dropTable('api_tokens').ifExists().execute();
  await schema.dropTable('sessions').ifExists().execute();
  await schema.dropTable('users').ifExists().execute();
}
