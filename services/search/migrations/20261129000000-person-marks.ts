import { sql, type Kysely } from 'kysely';

/**
 * People to rewrite in Meilisearch get their own append-only list. As rows of `index_queue` they
 * were upserted by every event of a person's posts, and an upsert locks the row until the
 * event's transaction ends: a busy author's events all queued behind one another.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .withSchema('search')
    .createTable('person_marks')
    .addColumn('seq', 'bigserial', (c) => c.primaryKey())
    .addColumn('person_id', 'uuid', (c) => c.notNull())
    .execute();
  await sql`insert into search.person_marks (person_id)
    select id from search.index_queue where kind = 'person' order by marked_at`.execute(db);
  await sql`delete from search.index_queue where kind = 'person'`.execute(db);
  await sql`alter table search.index_queue drop constraint index_queue_kind_check,
    add constraint index_queue_kind_check check (kind = 'post')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table search.index_queue drop constraint index_queue_kind_check,
    add constraint index_queue_kind_check check (kind in ('post', 'person'))`.execute(db);
  await sql`insert into search.index_queue (kind, id, generation)
    select 'person', person_id, nextval('search.index_generation')
      from (select distinct person_id from search.person_marks) marked`.execute(db);
  await db.schema.withSchema('search').dropTable('person_marks').execute();
}
