import { sql, type Kysely } from 'kysely';

/**
 * The progress of a measurable goal as others see it: only contributions in public channels
 * count (`shared_progress`), with the moment that figure reached the target
 * (`shared_achieved_at`). The owner's own figure (`progress`) still counts everything.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .withSchema('learn')
    .alterTable('goals')
    .addColumn('shared_progress', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('shared_achieved_at', 'timestamptz')
    .execute();
  // Existing measurable goals: the same count as the service's recount, public channels only.
  await sql`update learn.goals g set shared_progress = (
      select count(*)::int from learn.contributions c
      where c.author_id = g.owner_id and not c.deleted and c.visibility = 'public'
        and c.created_at >= g.created_at
        and (g.metric_tag is null or c.tags @> array[g.metric_tag])
        and case g.metric
          when 'tips' then c.kind = 'tip'
          when 'questions' then c.kind = 'question'
          when 'posts' then c.kind in ('tip', 'question', 'announcement')
          when 'answers' then c.kind = 'answer' and c.post_kind = 'question'
          when 'accepted_answers' then c.kind = 'answer' and c.post_kind = 'question'
            and exists (select 1 from learn.contributions p
              where p.id = c.post_id and p.accepted_answer_id = c.id)
          else false
        end)
    where g.metric is not null`.execute(db);
  await sql`update learn.goals set shared_achieved_at = coalesce(achieved_at, updated_at)
    where metric is not null and shared_progress >= coalesce(target_count, 1)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .withSchema('learn')
    .alterTable('goals')
    .dropColumn('shared_achieved_at')
    .dropColumn('shared_progress')
    .execute();
}
