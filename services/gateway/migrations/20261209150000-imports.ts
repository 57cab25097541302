import { sql, type Kysely } from 'kysely';

/**
 * Imports from other tools (Stack Exchange, Discourse, a CSV of people) and their progress, read
 * by the admin page's progress bar. Item errors are kept up to a bound; `error_count` counts all.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table identity.imports (
    id uuid primary key default gen_random_uuid(),
    source text not null check (source in ('stackexchange', 'discourse', 'people')),
    status text not null default 'running' check (status in ('running', 'succeeded', 'failed')),
    channel_id uuid,
    started_by uuid references identity.users (id) on delete set null,
    processed integer not null default 0,
    total integer not null default 0,
    created integer not null default 0,
    skipped integer not null default 0,
    error_count integer not null default 0,
    errors jsonb not null default '[]',
    started_at timestamptz not null,
    finished_at timestamptz,
    -- Written while the job runs: a running job silent for a minute lost its gateway.
    heartbeat_at timestamptz not null default now()
  )`.execute(db);
  await sql`create index imports_started_idx on identity.imports (started_at desc, id desc)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table identity.imports`.execute(db);
}
