import { sql, type Kysely } from 'kysely';

/**
 * The search projection, built from feed events only: what each post and answer is (for the
 * search documents and the expertise scores), the people who wrote them, and the queue of
 * documents to (re)write in Meilisearch.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const search = db.schema.withSchema('search');
  await search
    .createTable('people')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('handle', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .execute();

  await search
    .createTable('post_facts')
    .addColumn('post_id', 'uuid', (c) => c.primaryKey())
    .addColumn('channel_id', 'uuid', (c) => c.notNull())
    .addColumn('visibility', 'text', (c) => c.notNull())
    .addColumn('author_id', 'uuid', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body_text', 'text', (c) => c.notNull())
    .addColumn('tags', sql`text[]`, (c) => c.notNull())
    .addColumn('score', 'integer', (c) => c.notNull())
    .addColumn('answer_count', 'integer', (c) => c.notNull())
    .addColumn('accepted_answer_id', 'uuid')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('deleted', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('projected_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index post_facts_tags on search.post_facts using gin (tags) where not deleted`.execute(
    db,
  );
  await sql`create index post_facts_author on search.post_facts (author_id) where not deleted`.execute(
    db,
  );
  await sql`create index post_facts_projected on search.post_facts (projected_at)`.execute(db);

  await search
    .createTable('answer_facts')
    .addColumn('answer_id', 'uuid', (c) => c.primaryKey())
    .addColumn('post_id', 'uuid', (c) => c.notNull())
    .addColumn('author_id', 'uuid', (c) => c.notNull())
    .addColumn('body_text', 'text', (c) => c.notNull())
    .addColumn('score', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('deleted', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await sql`create index answer_facts_post on search.answer_facts (post_id) where not deleted`.execute(
    db,
  );
  await sql`create index answer_facts_author on search.answer_facts (author_id) where not deleted`.execute(
    db,
  );

  // Documents to rewrite in Meilisearch; `generation` changes whenever the row is marked again,
  // so a worker only clears the marks it has actually written.
  await search
    .createTable('index_queue')
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('post', 'person')`))
    .addColumn('id', 'uuid', (c) => c.notNull())
    .addColumn('generation', 'bigint', (c) => c.notNull())
    .addColumn('marked_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('index_queue_pk', ['kind', 'id'])
    .execute();
  await sql`create sequence search.index_generation`.execute(db);

  // The version guard for documents moved into the projection; the old table goes.
  await search.dropTable('indexed_posts').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const search = db.schema.withSchema('search');
  for (const table of ['index_queue', 'answer_facts', 'post_facts', 'people'])
    await search.dropTable(table).execute();
  await sql`drop sequence search.index_generation`.execute(db);
  await search
    .createTable('indexed_posts')
    .addColumn('post_id', 'uuid', (c) => c.primaryKey())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('deleted', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('indexed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}
