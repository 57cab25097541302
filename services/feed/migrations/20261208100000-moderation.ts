import { sql, type Kysely } from 'kysely';

/**
 * Knowledge that stays trustworthy: flags and moderation state on posts and answers, questions
 * closed as duplicates, review owners and dates for tips and accepted answers, per-channel review
 * and expert-routing settings, and answers' edit history.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // Knowledge is re-confirmed twice a year unless a channel's owner turns reviews off (null, for
  // chit-chat); a question waits half an hour before likely experts are asked.
  await sql`alter table feed.channels
    add column review_period_days integer default 180
      check (review_period_days between 1 and 3650),
    add column expert_routing_minutes integer default 30
      check (expert_routing_minutes between 1 and 10080)`.execute(db);

  await sql`alter table feed.posts
    add column hidden_at timestamptz,
    add column hidden_by uuid,
    add column locked_at timestamptz,
    add column locked_by uuid,
    add column duplicate_of uuid references feed.posts (id),
    add column review_owner_id uuid,
    add column review_due_at timestamptz,
    add column review_notified_at timestamptz,
    add column reviewed_at timestamptz,
    add column outdated_at timestamptz`.execute(db);
  await sql`alter table feed.answers
    add column hidden_at timestamptz,
    add column hidden_by uuid,
    add column edited_at timestamptz`.execute(db);

  // Existing tips and accepted answers get their authors as owners and a first review date.
  await sql`update feed.posts p set
      review_owner_id = p.author_id,
      review_due_at = greatest(p.created_at + make_interval(days => c.review_period_days), now())
    from feed.channels c
    where c.id = p.channel_id and p.kind = 'tip' and p.deleted_at is null
      and c.review_period_days is not null`.execute(db);
  await sql`update feed.posts p set
      review_owner_id = a.author_id,
      review_due_at = greatest(a.created_at + make_interval(days => c.review_period_days), now())
    from feed.answers a, feed.channels c
    where a.id = p.accepted_answer_id and c.id = p.channel_id and p.deleted_at is null
      and c.review_period_days is not null`.execute(db);

  // The review sweep: live content whose review date passed and whose owner was not yet asked.
  await sql`create index posts_review_due on feed.posts (review_due_at)
    where deleted_at is null and review_due_at is not null and outdated_at is null`.execute(db);
  await sql`create index posts_duplicate_of on feed.posts (duplicate_of)
    where duplicate_of is not null`.execute(db);

  await sql`create table feed.flags (
    id uuid primary key,
    target_type text not null check (target_type in ('post', 'answer')),
    target_id uuid not null,
    post_id uuid not null references feed.posts (id),
    reporter_id uuid not null,
    reason text not null check (reason in ('spam', 'off_topic', 'harmful', 'outdated', 'other')),
    note text,
    created_at timestamptz not null default now(),
    resolved_at timestamptz,
    resolved_by uuid,
    resolution text
  )`.execute(db);
  // One open flag per person and target.
  await sql`create unique index flags_one_open on feed.flags (target_id, reporter_id)
    where resolved_at is null`.execute(db);
  await sql`create index flags_by_target on feed.flags (target_id, created_at desc)`.execute(db);
  await sql`create index flags_open on feed.flags (created_at desc, id desc)
    where resolved_at is null`.execute(db);
  await sql`create index flags_resolved on feed.flags (resolved_at desc, id desc)
    where resolved_at is not null`.execute(db);

  await sql`create table feed.answer_revisions (
    id uuid primary key,
    answer_id uuid not null references feed.answers (id),
    post_id uuid not null references feed.posts (id),
    body text not null,
    edited_by uuid not null,
    replaced_at timestamptz not null,
    redacted_at timestamptz,
    redacted_by uuid
  )`.execute(db);
  await sql`create index answer_revisions_by_answer
    on feed.answer_revisions (answer_id, replaced_at desc, id desc)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table feed.answer_revisions`.execute(db);
  await sql`drop table feed.flags`.execute(db);
  await sql`drop index feed.posts_duplicate_of`.execute(db);
  await sql`drop index feed.posts_review_due`.execute(db);
  await sql`alter table feed.answers drop column hidden_at, drop column hidden_by,
    drop column edited_at`.execute(db);
  await sql`alter table feed.posts drop column hidden_at, drop column hidden_by,
    drop column locked_at, drop column locked_by, drop column duplicate_of,
    drop column review_owner_id, drop column review_due_at, drop column review_notified_at,
    drop column reviewed_at, drop column outdated_at`.execute(db);
  await sql`alter table feed.channels drop column review_period_days,
    drop column expert_routing_minutes`.execute(db);
}
