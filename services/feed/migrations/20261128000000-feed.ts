import { sql, type Kysely } from 'kysely';
import { createOutboxTable } from '@outloud/bus';

/** The feed schema: channels, members, authors, posts, answers, and the outbox. */
export async function up(db: Kysely<unknown>): Promise<void> {
  const feed = db.schema.withSchema('feed');
  await feed
    .createTable('channels')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('visibility', 'text', (c) =>
      c.notNull().check(sql`visibility in ('public', 'private')`),
    )
    .addColumn('owner_id', 'uuid')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await feed
    .createTable('channel_members')
    .addColumn('channel_id', 'uuid', (c) =>
      c.notNull().references('feed.channels.id').onDelete('cascade'),
    )
    .addColumn('user_id', 'uuid', (c) => c.notNull())
    .addColumn('joined_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('channel_members_pk', ['channel_id', 'user_id'])
    .execute();
  await feed
    .createIndex('channel_members_by_user')
    .on('channel_members')
    .columns(['user_id', 'channel_id'])
    .execute();

  // The public face of people who wrote something, copied from the actor on each write.
  await feed
    .createTable('authors')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('handle', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await feed.createIndex('authors_handle').on('authors').column('handle').execute();

  await feed
    .createTable('posts')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('channel_id', 'uuid', (c) => c.notNull().references('feed.channels.id'))
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('tip', 'question', 'announcement')`),
    )
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('body_html', 'text', (c) => c.notNull())
    .addColumn('tags', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('author_id', 'uuid', (c) => c.notNull().references('feed.authors.id'))
    .addColumn('score', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('answer_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('accepted_answer_id', 'uuid')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('deleted_at', 'timestamptz')
    .execute();
  // Keyset pagination of the feed ("new"), overall and per channel, without deleted posts.
  await sql`create index posts_new on feed.posts (created_at desc, id desc) where deleted_at is null`.execute(
    db,
  );
  await sql`create index posts_channel_new on feed.posts (channel_id, created_at desc, id desc) where deleted_at is null`.execute(
    db,
  );
  await sql`create index posts_author_new on feed.posts (author_id, created_at desc, id desc) where deleted_at is null`.execute(
    db,
  );
  await sql`create index posts_tags on feed.posts using gin (tags) where deleted_at is null`.execute(
    db,
  );

  await feed
    .createTable('answers')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('post_id', 'uuid', (c) => c.notNull().references('feed.posts.id'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('body_html', 'text', (c) => c.notNull())
    .addColumn('author_id', 'uuid', (c) => c.notNull().references('feed.authors.id'))
    .addColumn('score', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('accepted', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('deleted_at', 'timestamptz')
    .execute();
  await sql`create index answers_by_post on feed.answers (post_id, created_at) where deleted_at is null`.execute(
    db,
  );
  await sql`create index answers_by_author on feed.answers (author_id) where deleted_at is null`.execute(
    db,
  );

  await createOutboxTable(db, 'feed');

  await sql`insert into feed.channels (slug, name, description, visibility)
    values ('general', 'General', 'Tips, questions and news for everyone.', 'public')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropSchema('feed').cascade().execute();
}
