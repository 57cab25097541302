import type { ExpertEvidence, UserStats } from '@outloud/contracts';
import { sql, type Kysely } from 'kysely';
import type { SearchDB } from '../db.js';
import { Weights } from './scoring.js';

/**
 * One row per contribution the reader may see (posts and answers in `channelIds`, not deleted),
 * optionally only those with one of `tags`, with its weight before decay.
 *
 * Hidden content is no evidence, for anyone, like deleted content: a hidden post, a hidden
 * answer, and any answer in a hidden thread; restored, it counts again (the facts keep it).
 * Outdated content keeps counting: it was true once, so its author knew the topic, age already
 * lowers its weight, and owners must not lose standing for honestly marking their own how-to
 * outdated.
 */
function contributions(channelIds: readonly string[], tags?: readonly string[]) {
  const tagFilter = tags ? sql`and p.tags && ${tags}::text[]` : sql``;
  return sql`
    select p.author_id as user_id, p.post_id, p.title, p.tags, p.created_at, p.kind,
           case p.kind when 'tip' then ${sql.lit(Weights.tip)} when 'announcement' then ${sql.lit(Weights.announcement)} else ${sql.lit(Weights.question)} end as base,
           greatest(p.score, 0) as votes, false as accepted
      from search.post_facts p
     where not p.deleted and not p.hidden and p.channel_id = any(${channelIds}::uuid[]) ${tagFilter}
    union all
    select a.author_id, p.post_id, p.title, p.tags, a.created_at, 'answer',
           ${sql.lit(Weights.answer)} + case when p.accepted_answer_id = a.answer_id then ${sql.lit(Weights.acceptedBonus)} else 0 end,
           greatest(a.score, 0), p.accepted_answer_id = a.answer_id
      from search.answer_facts a
      join search.post_facts p on p.post_id = a.post_id
     where not a.deleted and not a.hidden and not p.deleted and not p.hidden
       and p.channel_id = any(${channelIds}::uuid[]) ${tagFilter}`;
}

const decayed = (now: Date) =>
  sql`(base + ${sql.lit(Weights.vote)} * votes) * power(0.5, extract(epoch from ${now}::timestamptz - created_at) / 86400.0 / ${sql.lit(Weights.halfLifeDays)})`;

export interface ExpertRow {
  userId: string;
  handle: string;
  displayName: string;
  score: number;
  evidence: ExpertEvidence;
}

/** Active people best first for the tags, with their evidence (the suspended and gone are left out). */
export async function findExperts(
  db: Kysely<SearchDB>,
  options: { channelIds: readonly string[]; tags: readonly string[]; limit: number; now: Date },
): Promise<ExpertRow[]> {
  if (!options.channelIds.length || !options.tags.length) return [];
  const { rows } = await sql<{
    userId: string;
    handle: string;
    displayName: string;
    score: number;
    tips: number;
    answers: number;
    accepted: number;
    votes: number;
    samples: { id: string; title: string }[];
  }>`
    with c as (${contributions(options.channelIds, options.tags)}),
    scored as (select c.*, ${decayed(options.now)} as points from c),
    top as (
      select s.user_id, pe.handle, pe.display_name,
             sum(s.points)::float8 as score,
             count(*) filter (where s.kind = 'tip')::int as tips,
             count(*) filter (where s.kind = 'answer')::int as answers,
             count(*) filter (where s.accepted)::int as accepted,
             sum(s.votes)::int as votes
        from scored s
        join search.people pe on pe.id = s.user_id and pe.status = 'active'
       group by s.user_id, pe.handle, pe.display_name
      having sum(s.points) > 0
       order by score desc, pe.handle
       limit ${options.limit}
    )
    -- Each expert's three strongest distinct posts, titles included: the contributions are
    -- already confined to the asker's channels, so every sample is one they may open.
    select top.*,
           (select coalesce(jsonb_agg(jsonb_build_object('id', p.post_id, 'title', p.title)
                                      order by p.best desc, p.latest desc), '[]'::jsonb)
              from (select x.post_id, x.title, max(x.points) as best, max(x.created_at) as latest
                      from scored x
                     where x.user_id = top.user_id
                     group by x.post_id, x.title
                     order by best desc, latest desc
                     limit 3) p) as samples
      from top
     order by top.score desc, top.handle`.execute(db);
  return rows.map((r) => ({
    userId: r.userId,
    handle: r.handle,
    displayName: r.displayName,
    score: Math.round(r.score * 1000) / 1000,
    evidence: {
      answers: r.answers,
      acceptedAnswers: r.accepted,
      tips: r.tips,
      helpfulVotes: r.votes,
      samplePostIds: r.samples.map((sample) => sample.id),
      samplePosts: r.samples,
    },
  }));
}

/** A person's counts over what the reader may see, and their top tags by the expertise formula. */
export async function personStats(
  db: Kysely<SearchDB>,
  options: { userId: string; channelIds: readonly string[]; now: Date },
): Promise<{ stats: UserStats; topTags: { tag: string; score: number }[] }> {
  const empty = {
    stats: { tips: 0, questions: 0, answers: 0, acceptedAnswers: 0, helpfulVotes: 0 },
    topTags: [],
  };
  if (!options.channelIds.length) return empty;
  const counts = await sql<{
    tips: number;
    questions: number;
    answers: number;
    accepted: number;
    votes: number;
  }>`
    with c as (${contributions(options.channelIds)})
    select count(*) filter (where kind = 'tip')::int as tips,
           count(*) filter (where kind = 'question')::int as questions,
           count(*) filter (where kind = 'answer')::int as answers,
           count(*) filter (where accepted)::int as accepted,
           coalesce(sum(votes), 0)::int as votes
      from c where user_id = ${options.userId}`.execute(db);
  const tags = await sql<{ tag: string; score: number }>`
    with c as (${contributions(options.channelIds)}),
    scored as (select c.*, ${decayed(options.now)} as points from c where user_id = ${options.userId})
    select t.tag, sum(s.points)::float8 as score
      from scored s, unnest(s.tags) as t(tag)
     group by t.tag
    having sum(s.points) > 0
     order by score desc, t.tag
     limit 10`.execute(db);
  const row = counts.rows[0]!;
  return {
    stats: {
      tips: row.tips,
      questions: row.questions,
      answers: row.answers,
      acceptedAnswers: row.accepted,
      helpfulVotes: row.votes,
    },
    topTags: tags.rows.map((t) => ({ tag: t.tag, score: Math.round(t.score * 1000) / 1000 })),
  };
}

/** Tags a person is best known for over public channels (for the `people` index), by the same rules. */
export async function publicTopTags(
  db: Kysely<SearchDB>,
  userIds: string[],
  now: Date,
): Promise<Map<string, string[]>> {
  if (!userIds.length) return new Map();
  const { rows } = await sql<{ userId: string; tags: string[] }>`
    with c as (
      select p.author_id as user_id, p.tags, p.created_at,
             case p.kind when 'tip' then ${sql.lit(Weights.tip)} when 'announcement' then ${sql.lit(Weights.announcement)} else ${sql.lit(Weights.question)} end as base,
             greatest(p.score, 0) as votes
        from search.post_facts p
       where not p.deleted and not p.hidden and p.visibility = 'public' and p.author_id = any(${userIds}::uuid[])
      union all
      select a.author_id, p.tags, a.created_at,
             ${sql.lit(Weights.answer)} + case when p.accepted_answer_id = a.answer_id then ${sql.lit(Weights.acceptedBonus)} else 0 end,
             greatest(a.score, 0)
        from search.answer_facts a join search.post_facts p on p.post_id = a.post_id
       where not a.deleted and not a.hidden and not p.deleted and not p.hidden
         and p.visibility = 'public' and a.author_id = any(${userIds}::uuid[])
    ),
    per_tag as (
      select user_id, t.tag, sum(${decayed(now)}) as points
        from c, unnest(c.tags) as t(tag) group by user_id, t.tag
    )
    select user_id, (array_agg(tag order by points desc, tag))[1:5] as tags from per_tag where points > 0 group by user_id`.execute(
    db,
  );
  // (The CamelCasePlugin renames result columns, raw queries included.)
  return new Map(rows.map((r) => [r.userId, r.tags]));
}
