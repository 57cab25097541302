import { createProcessedEventsTable } from '@outloud/bus';
import { sql, type Kysely } from 'kysely';

/**
 * The notify schema: projections of the feed (channels, members, follows, posts, thread
 * participants) so that deciding who hears about what never calls back into the feed, the
 * notifications themselves with their read state, preferences and the digests written.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const s = db.schema.withSchema('notify');
  await s
    .createTable('channels')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('visibility', 'text', (c) => c.notNull())
    .execute();
  await s
    .createTable('members')
    .addColumn('channel_id', 'uuid', (c) => c.notNull())
    .addColumn('user_id', 'uuid', (c) => c.notNull())
    .addPrimaryKeyConstraint('members_pkey', ['channel_id', 'user_id'])
    .execute();
  await s.createIndex('members_user_idx').on('members').column('user_id').execute();
  await s
    .createTable('follows')
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('user_id', 'uuid', (c) => c.notNull())
    .addPrimaryKeyConstraint('follows_pkey', ['target_type', 'target', 'user_id'])
    .execute();
  await s.createIndex('follows_user_idx').on('follows').column('user_id').execute();
  await s
    .createTable('posts')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('channel_id', 'uuid', (c) => c.notNull())
    .addColumn('author_id', 'uuid', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('tags', sql`text[]`, (c) => c.notNull())
    .addColumn('score', 'integer', (c) => c.notNull())
    .addColumn('answer_count', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('deleted', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  // The digest's "top posts of the last day".
  await s.createIndex('posts_created_idx').on('posts').column('created_at').execute();
  await s
    .createTable('participants')
    .addColumn('post_id', 'uuid', (c) => c.notNull())
    .addColumn('user_id', 'uuid', (c) => c.notNull())
    .addPrimaryKeyConstraint('participants_pkey', ['post_id', 'user_id'])
    .execute();
  // Who was already told of a mention in a post or an answer: an edit tells only new ones.
  await s
    .createTable('mentioned')
    .addColumn('content_id', 'uuid', (c) => c.notNull())
    .addColumn('user_id', 'uuid', (c) => c.notNull())
    .addPrimaryKeyConstraint('mentioned_pkey', ['content_id', 'user_id'])
    .execute();
  await s
    .createTable('notifications')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('recipient_id', 'uuid', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('post_id', 'uuid', (c) => c.notNull())
    .addColumn('answer_id', 'uuid')
    .addColumn('actor_id', 'uuid')
    .addColumn('actor_handle', 'text')
    .addColumn('actor_display_name', 'text')
    .addColumn('event_id', 'uuid', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('read_at', 'timestamptz')
    // One notification per event and person, whatever the redeliveries.
    .addUniqueConstraint('notifications_event_recipient_key', ['event_id', 'recipient_id'])
    .execute();
  await sql`create index notifications_recipient_idx
    on notify.notifications (recipient_id, id desc)`.execute(db);
  await sql`create index notifications_unread_idx
    on notify.notifications (recipient_id, id desc) where read_at is null`.execute(db);
  await s.createIndex('notifications_post_idx').on('notifications').column('post_id').execute();
  await s
    .createTable('preferences')
    .addColumn('user_id', 'uuid', (c) => c.primaryKey())
    .addColumn('muted', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('digest', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  // Written digests: the record of what was (or, without SMTP, would have been) sent.
  await s
    .createTable('digests')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('user_id', 'uuid', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('html', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('sent_at', 'timestamptz')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint('digests_user_day_key', ['user_id', 'day'])
    .execute();
  await sql`create index digests_unsent_idx on notify.digests (created_at) where sent_at is null`.execute(
    db,
  );
  await createProcessedEventsTable(db, 'notify');
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropSchema('notify').cascade().execute();
}
