import { sql, type Kysely } from 'kysely';

/**
 * The full forum: member roles, announcements pinned until a date, edit history, mentions,
 * helpful votes, bookmarks and follows, and the indexes every feed sort pages through.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const feed = db.schema.withSchema('feed');

  await feed
    .alterTable('channels')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await feed
    .alterTable('channel_members')
    .addColumn('role', 'text', (c) =>
      c
        .notNull()
        .defaultTo('member')
        .check(sql`role in ('owner', 'member')`),
    )
    .execute();

  await feed
    .alterTable('posts')
    .addColumn('pinned_until', 'timestamptz')
    .addColumn('mentions', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    // Time-decayed "top" rank, kept with the score: log10(max(score, 1)) + age bonus (see README).
    .addColumn('rank', 'double precision', (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`update feed.posts set rank = log(greatest(score, 1)) + extract(epoch from created_at - timestamptz '2026-01-01') / 45000`.execute(
    db,
  );
  await sql`create index posts_top on feed.posts (rank desc, id desc) where deleted_at is null`.execute(
    db,
  );
  await sql`create index posts_channel_top on feed.posts (channel_id, rank desc, id desc) where deleted_at is null`.execute(
    db,
  );
  await sql`create index posts_unanswered on feed.posts (created_at, id)
    where deleted_at is null and kind = 'question' and answer_count = 0`.execute(db);
  await sql`create index posts_channel_unanswered on feed.posts (channel_id, created_at, id)
    where deleted_at is null and kind = 'question' and answer_count = 0`.execute(db);
  // Pinned announcements are few: find them by their pin date, not by scanning the feed order.
  await sql`create index posts_pinned on feed.posts (pinned_until)
    where deleted_at is null and pinned_until is not null`.execute(db);

  await feed
    .alterTable('answers')
    .addColumn('mentions', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .execute();
  // At most one accepted answer per question, enforced by the database.
  await sql`create unique index answers_one_accepted on feed.answers (post_id) where accepted and deleted_at is null`.execute(
    db,
  );

  await feed
    .createTable('post_revisions')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('post_id', 'uuid', (c) => c.notNull().references('feed.posts.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('tags', sql`text[]`, (c) => c.notNull())
    .addColumn('edited_by', 'uuid', (c) => c.notNull().references('feed.authors.id'))
    .addColumn('replaced_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await feed
    .createIndex('post_revisions_by_post')
    .on('post_revisions')
    .columns(['post_id', 'replaced_at'])
    .execute();

  await feed
    .createTable('votes')
    .addColumn('user_id', 'uuid', (c) => c.notNull())
    .addColumn('target_type', 'text', (c) =>
      c.notNull().check(sql`target_type in ('post', 'answer')`),
    )
    .addColumn('target_id', 'uuid', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('votes_pk', ['target_type', 'target_id', 'user_id'])
    .execute();
  await feed
    .createIndex('votes_by_user')
    .on('votes')
    .columns(['user_id', 'target_type', 'target_id'])
    .execute();

  await feed
    .createTable('bookmarks')
    .addColumn('user_id', 'uuid', (c) => c.notNull())
    .addColumn('post_id', 'uuid', (c) => c.notNull().references('feed.posts.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('bookmarks_pk', ['user_id', 'post_id'])
    .execute();
  await sql`create index bookmarks_page on feed.bookmarks (user_id, created_at desc, post_id desc)`.execute(
    db,
  );

  await feed
    .createTable('follows')
    .addColumn('user_id', 'uuid', (c) => c.notNull())
    .addColumn('target_type', 'text', (c) =>
      c.notNull().check(sql`target_type in ('channel', 'tag', 'user')`),
    )
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('follows_pk', ['user_id', 'target_type', 'target'])
    .execute();
  await feed
    .createIndex('follows_by_target')
    .on('follows')
    .columns(['target_type', 'target'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const feed = db.schema.withSchema('feed');
  for (const table of ['follows', 'bookmarks', 'votes', 'post_revisions'])
    await feed.dropTable(table).execute();
  await sql`drop index feed.answers_one_accepted`.execute(db);
  await feed.alterTable('answers').dropColumn('mentions').execute();
  for (const index of [
    'posts_top',
    'posts_channel_top',
    'posts_unanswered',
    'posts_channel_unanswered',
    'posts_pinned',
  ]) {
    await sql`drop index ${sql.id('feed', index)}`.execute(db);
  }
  await feed
    .alterTable('posts')
    .dropColumn('pinned_until')
    .dropColumn('mentions')
    .dropColumn('rank')
    .execute();
  await feed.alterTable('channel_members').dropColumn('role').execute();
  await feed.alterTable('channels').dropColumn('updated_at').execute();
}
