import type { Badge } from '@outloud/contracts';
import { sql, type Kysely } from 'kysely';
import type { LearnDB } from '../db.js';

/**
 * "Works out loud": someone who shared in public at least `minWeeks` of the last `weeks`
 * rolling 7-day windows. Sharing is a tip, an announcement or an answer in a public channel
 * (published log entries are tips). Private channels never count, so the badge reveals nothing
 * about them.
 */
export const WorksOutLoudRule = { weeks: 4, minWeeks: 3 } as const;

export async function sharingBadges(
  db: Kysely<LearnDB>,
  userIds: readonly string[],
  now: Date,
): Promise<Map<string, Badge[]>> {
  const out = new Map<string, Badge[]>();
  if (!userIds.length) return out;
  const since = new Date(now.getTime() - WorksOutLoudRule.weeks * 7 * 86_400_000);
  const rows = await sql<{ authorId: string; weeks: number }>`
    select author_id, count(distinct floor(extract(epoch from (${now}::timestamptz - created_at)) / 604800))::int as weeks
    from learn.contributions
    where author_id = any(${[...userIds]}::uuid[]) and not deleted and visibility = 'public'
      and kind in ('tip', 'announcement', 'answer')
      and created_at > ${since} and created_at <= ${now}
    group by author_id`.execute(db);
  for (const r of rows.rows) {
    if (r.weeks >= WorksOutLoudRule.minWeeks) out.set(r.authorId, ['works_out_loud']);
  }
  return out;
}
