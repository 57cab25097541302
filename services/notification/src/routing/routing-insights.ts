import type { RoutingInsights } from '@outloud/contracts';
import { sql, type Kysely } from 'kysely';
import type { NotifyDB } from '../db.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * How the questions routed to at least one expert in the last `days` fared: how many got an
 * answer, how many are still open and were escalated, the median minutes from routing to the first
 * answer (answers written before the routing do not count towards it), and how many experts were
 * asked. One aggregate over the routed-at index.
 */
export async function routingInsights(
  db: Kysely<NotifyDB>,
  options: { days: number; now: Date },
): Promise<RoutingInsights> {
  const since = new Date(options.now.getTime() - options.days * DAY_MS);
  const row = await db
    .selectFrom('notify.routings')
    .select([
      sql<string>`count(*)`.as('routed'),
      sql<string>`count(*) filter (where first_answer_at is not null)`.as('answered'),
      sql<string>`count(*) filter (where first_answer_at is null and escalated_at is not null)`.as(
        'escalated',
      ),
      sql<number | null>`percentile_cont(0.5) within group (
        order by extract(epoch from first_answer_at - routed_at) / 60)
        filter (where first_answer_at >= routed_at)`.as('median'),
      sql<string>`coalesce(sum(requests), 0)`.as('requests'),
    ])
    .where('routedAt', '>=', since)
    .where('routedAt', '<=', options.now)
    .where('requests', '>', 0)
    .executeTakeFirstOrThrow();
  return {
    days: options.days,
    routed: Number(row.routed),
    answered: Number(row.answered),
    escalated: Number(row.escalated),
    medianMinutesToAnswer: row.median === null ? null : Math.round(Number(row.median) * 10) / 10,
    requests: Number(row.requests),
  };
}
