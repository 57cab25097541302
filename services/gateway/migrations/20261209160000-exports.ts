import { sql, type Kysely } from 'kysely';

/** Whole-instance exports an admin asked for: where each stands and where its archive lies. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table identity.exports (
    id uuid primary key,
    requested_by uuid not null,
    status text not null check (status in ('running', 'done', 'failed')),
    progress integer not null default 0,
    stage text,
    records integer not null default 0,
    size bigint,
    error text,
    created_at timestamptz not null default now(),
    finished_at timestamptz,
    -- Written while the job runs: a running job silent for a minute lost its gateway.
    heartbeat_at timestamptz not null default now()
  )`.execute(db);
  await sql`create index exports_newest on identity.exports (created_at desc, id desc)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table identity.exports`.execute(db);
}
