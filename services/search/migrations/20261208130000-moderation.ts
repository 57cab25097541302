import { sql, type Kysely } from 'kysely';

/**
 * Moderation and knowledge quality in the projection: hidden posts and answers (no evidence,
 * found only by their authors and moderators), outdated posts (ranked lower) and questions closed
 * as duplicates (similar questions lead to the original).
 *
 * `ever_hidden` remembers answers that were hidden once: a hidden answer has a search document of
 * its own, and once it is restored or deleted that document must go when its post is next
 * written. Few answers are ever hidden, so only those are named in the delete.
 *
 * Every live post is marked for rewriting, so documents written before this change gain the new
 * fields (a document without `outdated` would rank after every one that has it).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table search.post_facts
    add column hidden boolean not null default false,
    add column outdated boolean not null default false,
    add column duplicate_of uuid`.execute(db);
  await sql`alter table search.answer_facts
    add column hidden boolean not null default false,
    add column ever_hidden boolean not null default false`.execute(db);
  // Answers of the posts being written that may have a document of their own.
  await sql`create index answer_facts_ever_hidden on search.answer_facts (post_id)
    where ever_hidden`.execute(db);
  await sql`insert into search.index_queue (kind, id, generation)
    select 'post', post_id, nextval('search.index_generation')
      from search.post_facts where not deleted
    on conflict (kind, id) do update set generation = excluded.generation, marked_at = now()`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index search.answer_facts_ever_hidden`.execute(db);
  await sql`alter table search.answer_facts drop column hidden, drop column ever_hidden`.execute(
    db,
  );
  await sql`alter table search.post_facts
    drop column hidden, drop column outdated, drop column duplicate_of`.execute(db);
}
