import { sql, type Kysely } from 'kysely';

/**
 * Moderation and expert routing: posts and answers remember whether they are hidden (their
 * notifications then show only to the author and moderators), whether a thread is locked or closed
 * as a duplicate; channels remember their owner and routing delay; notifications carry a detail
 * (a moderator's action and reason, why a question reached you); each question has a routing
 * record, and every expert asked about one is a row (never twice, and a daily cap per person).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // routing_delay_minutes null: the service's default (older events do not carry it);
  // routing_off: the channel said never (its events carry null).
  await sql`alter table notify.channels
    add column owner_id uuid,
    add column routing_delay_minutes integer,
    add column routing_off boolean not null default false`.execute(db);
  await sql`alter table notify.posts
    add column hidden boolean not null default false,
    add column locked boolean not null default false,
    add column duplicate_of uuid`.execute(db);
  await sql`alter table notify.notifications add column detail jsonb`.execute(db);

  // An answer's hidden state and author, for the notifications that point to it.
  await sql`create table notify.answers (
    id uuid primary key,
    post_id uuid not null,
    author_id uuid not null,
    hidden boolean not null default false,
    version integer not null
  )`.execute(db);

  await sql`create table notify.routings (
    post_id uuid primary key,
    asker_id uuid not null,
    asker_handle text,
    asker_display_name text,
    asked_at timestamptz not null,
    routed_at timestamptz,
    requests integer not null default 0,
    escalated_at timestamptz,
    first_answer_at timestamptz
  )`.execute(db);
  // The sweeps: questions not yet routed / not yet escalated, by age; answered ones leave both.
  await sql`create index routings_to_route_idx on notify.routings (asked_at)
    where routed_at is null and first_answer_at is null`.execute(db);
  await sql`create index routings_to_escalate_idx on notify.routings (asked_at)
    where escalated_at is null and first_answer_at is null`.execute(db);
  // Insights: questions routed in the last days.
  await sql`create index routings_routed_idx on notify.routings (routed_at)
    where routed_at is not null`.execute(db);

  // Who was asked about which question, and why ('expert' or 'escalation'): one row each, ever.
  await sql`create table notify.expert_requests (
    post_id uuid not null,
    user_id uuid not null,
    kind text not null check (kind in ('expert', 'escalation')),
    requested_at timestamptz not null,
    primary key (post_id, user_id, kind)
  )`.execute(db);
  // The daily cap: a person's requests in the last 24 hours.
  await sql`create index expert_requests_user_idx
    on notify.expert_requests (user_id, requested_at)`.execute(db);

  // Questions already waiting when this ships are routed too (their askers' names are unknown).
  await sql`insert into notify.routings (post_id, asker_id, asked_at)
    select id, author_id, created_at from notify.posts
    where kind = 'question' and not deleted and answer_count = 0
      and created_at > now() - interval '14 days'
    on conflict do nothing`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table notify.expert_requests`.execute(db);
  await sql`drop table notify.routings`.execute(db);
  await sql`drop table notify.answers`.execute(db);
  await sql`alter table notify.notifications drop column detail`.execute(db);
  await sql`alter table notify.posts drop column hidden, drop column locked,
    drop column duplicate_of`.execute(db);
  await sql`alter table notify.channels drop column owner_id,
    drop column routing_delay_minutes, drop column routing_off`.execute(db);
}
