import type { Actor, GoalMetric, Names } from '@outloud/contracts';
import { sql, type Kysely } from 'kysely';
import type { LearnDB } from '../db.js';
import { emit } from '../events.js';
import { kindsFor, statusAfterProgress } from './goals.logic.js';

/**
 * Recounts the measurable goals of some people from the contributions projection. Counting
 * (instead of adding one per event) makes it idempotent and indifferent to event order.
 */
export async function recountGoals(
  trx: Kysely<LearnDB>,
  names: Names,
  ownerIds: readonly string[],
  now: Date,
  actor: Actor | null,
): Promise<void> {
  if (!ownerIds.length) return;
  const goals = await trx
    .selectFrom('learn.goals')
    .select([
      'id',
      'ownerId',
      'metric',
      'metricTag',
      'targetCount',
      'progress',
      'status',
      'createdAt',
      'visibility',
    ])
    .where('ownerId', 'in', [...new Set(ownerIds)])
    .where('metric', 'is not', null)
    .where('status', '<>', 'archived')
    .forUpdate()
    .execute();
  for (const goal of goals) {
    const metric = goal.metric as GoalMetric;
    const row = await sql<{ n: number }>`select count(*)::int as n from learn.contributions c
      where c.author_id = ${goal.ownerId} and not c.deleted and c.created_at >= ${goal.createdAt}
        and c.kind = any(${kindsFor(metric)}::text[])
        ${metric === 'answers' || metric === 'accepted_answers' ? sql`and c.post_kind = 'question'` : sql``}
        ${metric === 'accepted_answers' ? sql`and exists (select 1 from learn.contributions p where p.id = c.post_id and p.accepted_answer_id = c.id)` : sql``}
        ${goal.metricTag ? sql`and c.tags @> array[${goal.metricTag}]::text[]` : sql``}`.execute(
      trx,
    );
    const progress = row.rows[0]?.n ?? 0;
    if (progress === goal.progress) continue;
    const target = goal.targetCount ?? 1;
    const status = statusAfterProgress(goal.status, progress, target);
    await trx
      .updateTable('learn.goals')
      .set({
        progress,
        status,
        updatedAt: now,
        ...(status === 'achieved' ? { achievedAt: now } : {}),
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
        progress,
        progressTarget: target,
        achieved: status === 'achieved',
      },
      actor,
      now,
    );
  }
}
