import { sql, type Kysely } from 'kysely';

/**
 * Outgoing webhooks: each webhook (its target, signing secret, events and failure record), each
 * event on its way to one webhook (one row per event and webhook, ever: the unique key is the
 * event's idempotency), and the public questions each webhook waits on for `question.unanswered`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table notify.webhooks (
    id uuid primary key,
    url text not null,
    secret text not null,
    events text[] not null,
    preset text not null check (preset in ('standard', 'slack', 'teams')),
    unanswered_hours integer,
    active boolean not null default true,
    disabled_reason text,
    disabled_at timestamptz,
    admins_notified_at timestamptz,
    failure_count integer not null default 0,
    failing_since timestamptz,
    last_delivery_at timestamptz,
    created_by uuid not null,
    created_at timestamptz not null
  )`.execute(db);

  await sql`create table notify.webhook_deliveries (
    id uuid primary key,
    webhook_id uuid not null references notify.webhooks (id) on delete cascade,
    event text not null,
    event_key text not null,
    message jsonb not null,
    status text not null default 'pending' check (status in ('pending', 'succeeded', 'failed')),
    attempts integer not null default 0,
    response_code integer,
    duration_ms integer,
    error text,
    created_at timestamptz not null,
    next_attempt_at timestamptz,
    unique (webhook_id, event_key)
  )`.execute(db);
  // The sender: pending deliveries by when they are due.
  await sql`create index webhook_deliveries_due_idx on notify.webhook_deliveries (next_attempt_at)
    where status = 'pending'`.execute(db);
  // A webhook's log, newest first.
  await sql`create index webhook_deliveries_log_idx
    on notify.webhook_deliveries (webhook_id, created_at desc, id desc)`.execute(db);

  await sql`create table notify.webhook_waits (
    webhook_id uuid not null references notify.webhooks (id) on delete cascade,
    post_id uuid not null,
    due_at timestamptz not null,
    message jsonb not null,
    primary key (webhook_id, post_id)
  )`.execute(db);
  await sql`create index webhook_waits_due_idx on notify.webhook_waits (due_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table notify.webhook_waits`.execute(db);
  await sql`drop table notify.webhook_deliveries`.execute(db);
  await sql`drop table notify.webhooks`.execute(db);
}
