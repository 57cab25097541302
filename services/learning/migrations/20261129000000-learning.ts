import { sql, type Kysely } from 'kysely';
import { createOutboxTable, createProcessedEventsTable } from '@outloud/bus';

/**
 * The learn schema: a projection of feed contributions (what goals, check-ins, badges and
 * insights count), goals with evidence, the progress log, challenges, campaigns, the outbox.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const learn = db.schema.withSchema('learn');
  await createOutboxTable(db, 'learn');
  await createProcessedEventsTable(db, 'learn');

  // Posts and answers as the feed last described them; deletions stay as tombstones so a late
  // creation event cannot bring them back.
  await learn
    .createTable('contributions')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('tip', 'question', 'announcement', 'answer')`),
    )
    .addColumn('post_id', 'uuid', (c) => c.notNull())
    .addColumn('post_kind', 'text', (c) => c.notNull())
    .addColumn('channel_id', 'uuid', (c) => c.notNull())
    .addColumn('visibility', 'text', (c) => c.notNull())
    .addColumn('author_id', 'uuid', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('tags', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('score', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('accepted_answer_id', 'uuid')
    .addColumn('first_answer_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('deleted', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
  await sql`create index contributions_author on learn.contributions (author_id, created_at) where not deleted`.execute(
    db,
  );
  await sql`create index contributions_channel on learn.contributions (channel_id, created_at) where not deleted`.execute(
    db,
  );
  await sql`create index contributions_post on learn.contributions (post_id)`.execute(db);

  await learn
    .createTable('authors')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('handle', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .execute();

  await learn
    .createTable('channels')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('visibility', 'text', (c) => c.notNull())
    .addColumn('member_count', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  // Who a person says is their manager: goals and log entries shared "with my manager" go there.
  await learn
    .createTable('people')
    .addColumn('user_id', 'uuid', (c) => c.primaryKey())
    .addColumn('manager_id', 'uuid')
    .addColumn('manager_handle', 'text')
    .addColumn('manager_display_name', 'text')
    .execute();

  await learn
    .createTable('goals')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('owner_id', 'uuid', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('why', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('target_date', 'date')
    .addColumn('tags', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('visibility', 'text', (c) =>
      c.notNull().check(sql`visibility in ('private', 'manager', 'public')`),
    )
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('active', 'achieved', 'archived')`),
    )
    .addColumn('metric', 'text')
    .addColumn('metric_tag', 'text')
    .addColumn('target_count', 'integer')
    .addColumn('progress', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('achieved_at', 'timestamptz')
    .execute();
  await sql`create index goals_owner on learn.goals (owner_id, created_at desc, id desc)`.execute(
    db,
  );
  await sql`create index goals_measured on learn.goals (owner_id) where metric is not null and status <> 'archived'`.execute(
    db,
  );

  await learn
    .createTable('evidence')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('goal_id', 'uuid', (c) =>
      c.notNull().references('learn.goals.id').onDelete('cascade'),
    )
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('post', 'answer', 'link')`))
    .addColumn('post_id', 'uuid')
    .addColumn('answer_id', 'uuid')
    .addColumn('channel_id', 'uuid')
    .addColumn('url', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('added_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await sql`create index evidence_goal on learn.evidence (goal_id, added_at)`.execute(db);
  // One click adds a post or answer once per goal.
  await sql`create unique index evidence_once on learn.evidence (goal_id, coalesce(answer_id, post_id)) where kind <> 'link'`.execute(
    db,
  );

  await learn
    .createTable('log_entries')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('owner_id', 'uuid', (c) => c.notNull())
    .addColumn('goal_id', 'uuid', (c) => c.references('learn.goals.id').onDelete('set null'))
    .addColumn('date', 'date', (c) => c.notNull())
    .addColumn('learned', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('tried', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('next', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('visibility', 'text', (c) =>
      c.notNull().check(sql`visibility in ('private', 'manager', 'public')`),
    )
    .addColumn('post_id', 'uuid')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await sql`create index log_owner on learn.log_entries (owner_id, created_at desc, id desc)`.execute(
    db,
  );
  await sql`create index log_goal on learn.log_entries (goal_id) where goal_id is not null`.execute(
    db,
  );

  await learn
    .createTable('challenges')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('channel_id', 'uuid', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('tag', 'text')
    .addColumn('start_date', 'date', (c) => c.notNull())
    .addColumn('days', 'integer', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('prompts', 'jsonb', (c) => c.notNull())
    .addColumn('created_by', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('next_prompt_day', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('next_prompt_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await sql`create index challenges_list on learn.challenges (created_at desc, id desc)`.execute(
    db,
  );
  await sql`create index challenges_channel on learn.challenges (channel_id, created_at desc, id desc)`.execute(
    db,
  );
  await sql`create index challenges_due on learn.challenges (next_prompt_at) where next_prompt_day <= days`.execute(
    db,
  );

  await learn
    .createTable('challenge_prompts')
    .addColumn('challenge_id', 'uuid', (c) =>
      c.notNull().references('learn.challenges.id').onDelete('cascade'),
    )
    .addColumn('day', 'integer', (c) => c.notNull())
    .addColumn('post_id', 'uuid', (c) => c.notNull().unique())
    .addColumn('posted_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('challenge_prompts_pk', ['challenge_id', 'day'])
    .execute();

  await learn
    .createTable('participants')
    .addColumn('challenge_id', 'uuid', (c) =>
      c.notNull().references('learn.challenges.id').onDelete('cascade'),
    )
    .addColumn('user_id', 'uuid', (c) => c.notNull())
    .addColumn('joined_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('participants_pk', ['challenge_id', 'user_id'])
    .execute();
  await learn.createIndex('participants_user').on('participants').column('user_id').execute();

  await learn
    .createTable('checkins')
    .addColumn('challenge_id', 'uuid', (c) =>
      c.notNull().references('learn.challenges.id').onDelete('cascade'),
    )
    .addColumn('user_id', 'uuid', (c) => c.notNull())
    .addColumn('day', 'integer', (c) => c.notNull())
    .addColumn('answer_id', 'uuid', (c) => c.notNull())
    .addColumn('checked_in_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('checkins_pk', ['challenge_id', 'user_id', 'day'])
    .execute();
  await learn.createIndex('checkins_day').on('checkins').columns(['challenge_id', 'day']).execute();
  await learn.createIndex('checkins_answer').on('checkins').column('answer_id').execute();

  await learn
    .createTable('campaigns')
    .addColumn('post_id', 'uuid', (c) => c.primaryKey())
    .addColumn('channel_id', 'uuid', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('marked_by', 'uuid', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await learn
    .createIndex('campaigns_channel')
    .on('campaigns')
    .columns(['channel_id', 'created_at'])
    .execute();
  await learn
    .createTable('campaign_opens')
    .addColumn('post_id', 'uuid', (c) =>
      c.notNull().references('learn.campaigns.post_id').onDelete('cascade'),
    )
    .addColumn('user_id', 'uuid', (c) => c.notNull())
    .addColumn('opened_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('campaign_opens_pk', ['post_id', 'user_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropSchema('learn').cascade().execute();
}
