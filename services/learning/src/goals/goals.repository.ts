import type { Evidence, LearningVisibility } from '@outloud/contracts';
import { sql, type Kysely } from 'kysely';
import type { LearnDB } from '../db.js';
import type { GoalRow } from './goals.logic.js';

const goalColumns = [
  'id',
  'ownerId',
  'title',
  'why',
  'targetDate',
  'tags',
  'visibility',
  'status',
  'metric',
  'metricTag',
  'targetCount',
  'progress',
  'sharedProgress',
  'createdAt',
  'updatedAt',
  'achievedAt',
  'sharedAchievedAt',
] as const;

export async function findGoal(
  db: Kysely<LearnDB>,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<GoalRow | undefined> {
  return db
    .selectFrom('learn.goals')
    .select(goalColumns)
    .where('id', '=', id)
    .$if(options.forUpdate ?? false, (q) => q.forUpdate())
    .executeTakeFirst();
}

export async function listGoalsOf(
  db: Kysely<LearnDB>,
  options: {
    ownerId: string;
    visibilities: readonly LearningVisibility[];
    status?: string;
    after?: { createdAt: Date; id: string };
    limit: number;
  },
): Promise<GoalRow[]> {
  return db
    .selectFrom('learn.goals')
    .select(goalColumns)
    .where('ownerId', '=', options.ownerId)
    .where('visibility', 'in', options.visibilities)
    .$if(options.status !== undefined, (q) => q.where('status', '=', options.status as 'active'))
    .$if(options.after !== undefined, (q) =>
      q.where((eb) =>
        eb(
          eb.refTuple('createdAt', 'id'),
          '<',
          eb.tuple(options.after!.createdAt, options.after!.id),
        ),
      ),
    )
    .orderBy('createdAt', 'desc')
    .orderBy('id', 'desc')
    .limit(options.limit)
    .execute();
}

export async function managerOf(db: Kysely<LearnDB>, userId: string) {
  return db
    .selectFrom('learn.people')
    .select(['managerId', 'managerHandle', 'managerDisplayName'])
    .where('userId', '=', userId)
    .executeTakeFirst();
}

/** Evidence of many goals in one query, keeping only what the viewer's channels allow. */
export async function evidenceOf(
  db: Kysely<LearnDB>,
  goalIds: readonly string[],
  visibleChannelIds: readonly string[] | 'all',
): Promise<Map<string, Evidence[]>> {
  const out = new Map<string, Evidence[]>();
  if (!goalIds.length) return out;
  const rows = await db
    .selectFrom('learn.evidence as e')
    .leftJoin('learn.contributions as c', (j) =>
      j.on((eb) => eb('c.id', '=', eb.fn.coalesce('e.answerId', 'e.postId'))),
    )
    .select([
      'e.id',
      'e.goalId',
      'e.kind',
      'e.postId',
      'e.answerId',
      'e.channelId',
      'e.url',
      'e.title',
      'e.note',
      'e.addedAt',
    ])
    .where('e.goalId', 'in', goalIds)
    // Evidence whose post or answer was deleted disappears with it.
    .where((eb) => eb.or([eb('e.kind', '=', 'link'), eb('c.deleted', '=', false)]))
    .$if(visibleChannelIds !== 'all', (q) =>
      q.where((eb) =>
        eb.or([
          eb('e.kind', '=', 'link'),
          visibleChannelIds.length
            ? eb('c.channelId', 'in', visibleChannelIds as string[])
            : sql<boolean>`false`,
        ]),
      ),
    )
    .orderBy('e.addedAt')
    .execute();
  for (const r of rows) {
    const list = out.get(r.goalId) ?? [];
    list.push({
      id: r.id,
      goalId: r.goalId,
      kind: r.kind,
      postId: r.postId,
      answerId: r.answerId,
      url: r.url,
      title: r.title,
      note: r.note,
      addedAt: r.addedAt.toISOString(),
    });
    out.set(r.goalId, list);
  }
  return out;
}
