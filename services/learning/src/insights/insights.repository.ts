import type { AuthorRef } from '@outloud/contracts';
import { sql, type Kysely } from 'kysely';
import type { LearnDB } from '../db.js';

/** Aggregates over one channel's contributions since a moment (all from the projection). */
export async function activityFigures(
  db: Kysely<LearnDB>,
  channelId: string,
  since: Date,
  now: Date,
) {
  const totals = await sql<{
    posts: number;
    questions: number;
    answers: number;
    contributors: number;
    answered: number;
    medianHours: number | null;
  }>`
    select
      count(*) filter (where kind <> 'answer')::int as posts,
      count(*) filter (where kind = 'question')::int as questions,
      count(*) filter (where kind = 'answer')::int as answers,
      count(distinct author_id)::int as contributors,
      count(*) filter (where kind = 'question' and first_answer_at is not null)::int as answered,
      (percentile_cont(0.5) within group (order by extract(epoch from (first_answer_at - created_at)) / 3600)
        filter (where kind = 'question' and first_answer_at is not null))::float8 as median_hours
    from learn.contributions
    where channel_id = ${channelId} and not deleted and created_at >= ${since}`.execute(db);

  const unanswered = await db
    .selectFrom('learn.contributions')
    .select(['id as postId', 'title', 'createdAt'])
    .where('channelId', '=', channelId)
    .where('deleted', '=', false)
    .where('kind', '=', 'question')
    .where('firstAnswerAt', 'is', null)
    .where('createdAt', '<', new Date(now.getTime() - 48 * 3_600_000))
    .orderBy('createdAt')
    .limit(20)
    .execute();

  const topTags = await sql<{ tag: string; count: number }>`
    select tag, count(*)::int as count
    from learn.contributions, unnest(tags) as tag
    where channel_id = ${channelId} and not deleted and kind <> 'answer' and created_at >= ${since}
    group by tag order by count desc, tag limit 10`.execute(db);

  const weekly = await sql<{ weekStart: string; posts: number; answers: number }>`
    select to_char(date_trunc('week', created_at at time zone 'UTC'), 'YYYY-MM-DD') as week_start,
      count(*) filter (where kind <> 'answer')::int as posts,
      count(*) filter (where kind = 'answer')::int as answers
    from learn.contributions
    where channel_id = ${channelId} and not deleted and created_at >= ${since}
    group by 1 order by 1`.execute(db);

  return {
    totals: totals.rows[0]!,
    unanswered: unanswered.map((u) => ({ ...u, createdAt: u.createdAt.toISOString() })),
    topTags: topTags.rows,
    weekly: weekly.rows,
  };
}

/** How many people contributed to a channel since a moment. */
export async function contributorsSince(db: Kysely<LearnDB>, channelId: string, since: Date) {
  const row = await db
    .selectFrom('learn.contributions')
    .select((eb) => eb.fn.count<number>('authorId').distinct().as('n'))
    .where('channelId', '=', channelId)
    .where('deleted', '=', false)
    .where('createdAt', '>=', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * People whose expertise in the channel grew most in the last 30 days: the points their new
 * contributions earned there, with the weights of the search service's expertise score (tip 3,
 * announcement 1, answer 2, accepted answer +4, one per helpful vote).
 */
export async function emergingExperts(
  db: Kysely<LearnDB>,
  channelId: string,
  now: Date,
  limit = 5,
): Promise<AuthorRef[]> {
  const since = new Date(now.getTime() - 30 * 86_400_000);
  const rows = await sql<AuthorRef>`
    select a.id, a.handle, a.display_name
    from learn.contributions c
    join learn.authors a on a.id = c.author_id
    left join learn.contributions p on c.kind = 'answer' and p.id = c.post_id
    where c.channel_id = ${channelId} and not c.deleted and c.created_at >= ${since}
    group by a.id, a.handle, a.display_name
    having sum(case c.kind when 'tip' then 3 when 'announcement' then 1 when 'answer'
      then 2 + case when p.accepted_answer_id = c.id then 4 else 0 end else 0 end
      + greatest(c.score, 0)) > 0
    order by sum(case c.kind when 'tip' then 3 when 'announcement' then 1 when 'answer'
      then 2 + case when p.accepted_answer_id = c.id then 4 else 0 end else 0 end
      + greatest(c.score, 0)) desc, a.handle
    limit ${limit}`.execute(db);
  return rows.rows;
}

export async function challengeFigures(db: Kysely<LearnDB>, channelId: string) {
  const rows = await sql<{
    challengeId: string;
    title: string;
    days: number;
    participants: number;
    checkins: number;
  }>`
    select c.id as challenge_id, c.title, c.days,
      (select count(*)::int from learn.participants p where p.challenge_id = c.id) as participants,
      (select count(*)::int from learn.checkins k where k.challenge_id = c.id) as checkins
    from learn.challenges c
    where c.channel_id = ${channelId}
    order by c.created_at desc limit 20`.execute(db);
  return rows.rows;
}

export async function campaignFigures(db: Kysely<LearnDB>, channelId: string) {
  const rows = await sql<{ postId: string; name: string; title: string; opened: number }>`
    select k.post_id, k.name, coalesce(c.title, '') as title,
      (select count(*)::int from learn.campaign_opens o where o.post_id = k.post_id) as opened
    from learn.campaigns k
    left join learn.contributions c on c.id = k.post_id
    where k.channel_id = ${channelId} and not coalesce(c.deleted, false)
    order by k.created_at desc limit 20`.execute(db);
  return rows.rows;
}
