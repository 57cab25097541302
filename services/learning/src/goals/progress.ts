import type { Actor, LearningVisibility, Names } from '@outloud/contracts';
import { sql, type Kysely } from 'kysely';
import type { LearnDB } from '../db.js';
import { emit } from '../events.js';
import { statusAfterProgress } from './goals.logic.js';

interface Recount {
  id: string;
  ownerId: string;
  visibility: LearningVisibility;
  status: 'active' | 'achieved' | 'archived';
  targetCount: number | null;
  progress: number;
  counted: number;
}

/**
 * Recounts the measurable goals of some people from the contributions projection, in one query.
 * Counting (instead of adding one per event) makes it idempotent and indifferent to event order.
 * What each metric counts: `answers` answers to questions, `accepted_answers` those accepted,
 * `tips`, `questions`, and `posts` (tips, questions and announcements); only contributions made
 * after the goal was set, and with the goal's tag when it has one.
 */
export async function recountGoals(
  trx: Kysely<LearnDB>,
  names: Names,
  ownerIds: readonly string[],
  now: Date,
  actor: Actor | null,
): Promise<void> {
  if (!ownerIds.length) return;
  const { rows } = await sql<Recount>`
    select g.id, g.owner_id, g.visibility, g.status, g.target_count, g.progress,
      (select count(*)::int from learn.contributions c
        where c.author_id = g.owner_id and not c.deleted and c.created_at >= g.created_at
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
          end) as counted
    from learn.goals g
    where g.owner_id = any(${[...new Set(ownerIds)]}::uuid[])
      and g.metric is not null and g.status <> 'archived'
    for update of g`.execute(trx);
  for (const goal of rows) {
    if (goal.counted === goal.progress) continue;
    const target = goal.targetCount ?? 1;
    const status = statusAfterProgress(goal.status, goal.counted, target);
    await trx
      .updateTable('learn.goals')
      .set({
        progress: goal.counted,
        status,
        updatedAt: now,
        // The moment the target was first reached stays, even as the count goes on.
        achievedAt: status === 'achieved' ? sql<Date>`coalesce(achieved_at, ${now})` : null,
      })
      .where('id', '=', goal.id)
      .execute();
    await emit(
      trx,
      names,
      'learning.goal.progressed.v1',
      {
        goalId: goal.id,
        ownerId: goal.ownerId,
        visibility: goal.visibility,
        progress: goal.counted,
        progressTarget: target,
        achieved: status === 'achieved',
      },
      actor,
      now,
    );
  }
}
