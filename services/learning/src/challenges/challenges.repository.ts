import { sql, type Kysely } from 'kysely';
import type { LearnDB } from '../db.js';

/** Challenge rows with what every read needs. */
export const challengeColumns = [
  'c.id',
  'c.channelId',
  'c.title',
  'c.description',
  'c.tag',
  'c.startDate',
  'c.days',
  'c.timeZone',
  'c.prompts',
  'c.createdBy',
  'c.createdAt',
] as const;

export async function findChallenge(db: Kysely<LearnDB>, id: string) {
  return db
    .selectFrom('learn.challenges as c')
    .select(challengeColumns)
    .select(participantCount)
    .where('c.id', '=', id)
    .executeTakeFirst();
}

export type ChallengeRow = NonNullable<Awaited<ReturnType<typeof findChallenge>>>;

const participantCount =
  sql<number>`(select count(*)::int from learn.participants p where p.challenge_id = c.id)`.as(
    'participantCount',
  );

export async function listChallenges(
  db: Kysely<LearnDB>,
  options: {
    channelIds: readonly string[];
    after?: { createdAt: Date; id: string };
    limit: number;
  },
) {
  if (!options.channelIds.length) return [];
  return db
    .selectFrom('learn.challenges as c')
    .select(challengeColumns)
    .select(participantCount)
    .where('c.channelId', 'in', options.channelIds)
    .$if(options.after !== undefined, (q) =>
      q.where((eb) =>
        eb(
          eb.refTuple('c.createdAt', 'c.id'),
          '<',
          eb.tuple(options.after!.createdAt, options.after!.id),
        ),
      ),
    )
    .orderBy('c.createdAt', 'desc')
    .orderBy('c.id', 'desc')
    .limit(options.limit)
    .execute();
}

/** Prompt post ids of many challenges at once (no query per challenge). */
export async function promptsOf(db: Kysely<LearnDB>, challengeIds: readonly string[]) {
  if (!challengeIds.length) return new Map<string, Map<number, string>>();
  const rows = await db
    .selectFrom('learn.challengePrompts')
    .select(['challengeId', 'day', 'postId'])
    .where('challengeId', 'in', challengeIds)
    .execute();
  const out = new Map<string, Map<number, string>>();
  for (const r of rows) {
    const m = out.get(r.challengeId) ?? new Map<number, string>();
    m.set(r.day, r.postId);
    out.set(r.challengeId, m);
  }
  return out;
}

/** One person's participation and check-ins in many challenges at once. */
export async function progressOf(
  db: Kysely<LearnDB>,
  userId: string,
  challengeIds: readonly string[],
) {
  const joined = new Map<string, Date>();
  const days = new Map<string, number[]>();
  if (!challengeIds.length) return { joined, days };
  const [participations, checkins] = await Promise.all([
    db
      .selectFrom('learn.participants')
      .select(['challengeId', 'joinedAt'])
      .where('userId', '=', userId)
      .where('challengeId', 'in', challengeIds)
      .execute(),
    db
      .selectFrom('learn.checkins')
      .select(['challengeId', 'day'])
      .where('userId', '=', userId)
      .where('challengeId', 'in', challengeIds)
      .orderBy('day')
      .execute(),
  ]);
  for (const p of participations) joined.set(p.challengeId, p.joinedAt);
  for (const c of checkins) days.set(c.challengeId, [...(days.get(c.challengeId) ?? []), c.day]);
  return { joined, days };
}

export async function promptByPost(db: Kysely<LearnDB>, postId: string) {
  return db
    .selectFrom('learn.challengePrompts as p')
    .innerJoin('learn.challenges as c', 'c.id', 'p.challengeId')
    .select(['p.challengeId', 'p.day', 'c.channelId', 'c.startDate', 'c.days', 'c.timeZone'])
    .where('p.postId', '=', postId)
    .executeTakeFirst();
}

export async function isParticipant(db: Kysely<LearnDB>, challengeId: string, userId: string) {
  const row = await db
    .selectFrom('learn.participants')
    .select('userId')
    .where('challengeId', '=', challengeId)
    .where('userId', '=', userId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function checkedDays(db: Kysely<LearnDB>, challengeId: string, userId: string) {
  const rows = await db
    .selectFrom('learn.checkins')
    .select('day')
    .where('challengeId', '=', challengeId)
    .where('userId', '=', userId)
    .execute();
  return rows.map((r) => r.day);
}

export async function cohortCounts(db: Kysely<LearnDB>, challengeId: string) {
  const rows = await db
    .selectFrom('learn.checkins')
    .select(['day', (eb) => eb.fn.countAll<number>().as('n')])
    .where('challengeId', '=', challengeId)
    .groupBy('day')
    .execute();
  return new Map(rows.map((r) => [r.day, Number(r.n)]));
}
