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
  sharedProgress: number;
  counted: number;
  shared: number;
}

/**
 * Recounts the measurable goals of some people from the contributions projection, in one query.
 * Counting (instead of adding one per event) makes it idempotent and indifferent to event order.
 * What each metric counts: `answers` answers to questions, `accepted_answers` those accepted,
 * `tips`, `questions`, and `posts` (tips, questions and announcements); only contributions made
 * after the goal was set, and with the goal's tag when it has one.
 *
 * Two figures: `progress` (the owner's, everything counted) and `shared_progress` (what anyone
 * else sees: contributions in public channels only). `learning.goal.progressed.v1` carries the
 * shared figure and is emitted only when it changes, and `updated_at` moves only with it, so
 * nothing outside the owner's own view reflects activity in private channels.
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
    select g.id, g.owner_id, g.visibility, g.status, g.target_count, g.progress, g.shared_progress,
      counts.counted, counts.shared
    from learn.goals g
    cross join lateral (select count(*)::int as counted,
        (count(*) filter (where c.visibility = 'public'))::int as shared
      from learn.contributions c
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
          end) counts
    where g.owner_id = any(${[...new Set(ownerIds)]}::uuid[])
      and g.metric is not null and g.status <> 'archived'
    for update of g`.execute(trx);
  for (const goal of rows) {
    const sharedChanged = goal.shared !== goal.sharedProgress;
    if (goal.counted === goal.progress && !sharedChanged) continue;
    const target = goal.targetCount ?? 1;
    const status = statusAfterProgress(goal.status, goal.counted, target);
    const sharedAchieved = goal.shared >= target;
    await trx
      .updateTable('learn.goals')
      .set({
        progress: goal.counted,
        sharedProgress: goal.shared,
        status,
        ...(sharedChanged ? { updatedAt: now } : {}),
        // The moment the target was first reached stays, even as the count goes on.
        achievedAt: status === 'achieved' ? sql<Date>`coalesce(achieved_at, ${now})` : null,
        sharedAchievedAt: sharedAchieved ? sql<Date>`coalesce(shared_achieved_at, ${now})` : null,
      })
      .where('id', '=', goal.id)
      .execute();
    if (!sharedChanged) continue;
    await emit(
      trx,
      names,
      'learning.goal.progressed.v1',
      {
        goalId: goal.id,
        ownerId: goal.ownerId,
        visibility: goal.visibility,
        progress: goal.shared,
        progressTarget: target,
        achieved: status !== 'archived' && sharedAchieved,
      },
      actor,
      now,
    );
  }
}
