import { exportKeyAfter, exportPage, rowsAfter, type ExportQuery } from '@outloud/db';
import type { ExportRecord, LearningExportEntity } from '@outloud/contracts';
import { sql, type Kysely } from 'kysely';
import type { LearnDB } from '../db.js';

export type RecordsQuery = ExportQuery;

export interface RecordsPage {
  items: ExportRecord[];
  nextAfter: string | null;
}

async function goals(db: Kysely<LearnDB>, q: RecordsQuery): Promise<RecordsPage> {
  const after = exportKeyAfter(q, 1);
  const rows = await db
    .selectFrom('learn.goals')
    .select([
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
      'createdAt',
      'updatedAt',
      'achievedAt',
    ])
    .$if(q.userId !== undefined, (s) => s.where('ownerId', '=', q.userId!))
    .$if(after !== undefined, (s) => s.where(rowsAfter(['id'], after!)))
    .orderBy('id')
    .limit(q.limit + 1)
    .execute();
  return exportPage(rows, q.limit, (r) => [r.id]);
}

async function evidence(db: Kysely<LearnDB>, q: RecordsQuery): Promise<RecordsPage> {
  const after = exportKeyAfter(q, 1);
  const rows = await db
    .selectFrom('learn.evidence as e')
    .innerJoin('learn.goals as g', 'g.id', 'e.goalId')
    .select([
      'e.id',
      'e.goalId',
      'g.ownerId',
      'e.kind',
      'e.postId',
      'e.answerId',
      'e.url',
      'e.title',
      'e.note',
      'e.addedAt',
    ])
    .$if(q.userId !== undefined, (s) => s.where('g.ownerId', '=', q.userId!))
    .$if(after !== undefined, (s) => s.where(rowsAfter(['e.id'], after!)))
    .orderBy('e.id')
    .limit(q.limit + 1)
    .execute();
  return exportPage(rows, q.limit, (r) => [r.id]);
}

async function log(db: Kysely<LearnDB>, q: RecordsQuery): Promise<RecordsPage> {
  const after = exportKeyAfter(q, 1);
  const rows = await db
    .selectFrom('learn.logEntries')
    .select([
      'id',
      'ownerId',
      'goalId',
      'date',
      'learned',
      'tried',
      'next',
      'visibility',
      'postId',
      'createdAt',
    ])
    .$if(q.userId !== undefined, (s) => s.where('ownerId', '=', q.userId!))
    .$if(after !== undefined, (s) => s.where(rowsAfter(['id'], after!)))
    .orderBy('id')
    .limit(q.limit + 1)
    .execute();
  return exportPage(rows, q.limit, (r) => [r.id]);
}

async function challenges(db: Kysely<LearnDB>, q: RecordsQuery): Promise<RecordsPage> {
  const after = exportKeyAfter(q, 1);
  const rows = await db
    .selectFrom('learn.challenges')
    .select([
      'id',
      'channelId',
      'title',
      'description',
      'tag',
      'startDate',
      'days',
      'timeZone',
      'prompts',
      sql<string>`created_by->>'id'`.as('createdById'),
      'createdAt',
    ])
    .$if(q.userId !== undefined, (s) =>
      s.where('id', 'in', (sub) =>
        sub.selectFrom('learn.participants').select('challengeId').where('userId', '=', q.userId!),
      ),
    )
    .$if(after !== undefined, (s) => s.where(rowsAfter(['id'], after!)))
    .orderBy('id')
    .limit(q.limit + 1)
    .execute();
  return exportPage(rows, q.limit, (r) => [r.id]);
}

async function participants(db: Kysely<LearnDB>, q: RecordsQuery): Promise<RecordsPage> {
  const after = exportKeyAfter(q, 2);
  const rows = await db
    .selectFrom('learn.participants')
    .select(['challengeId', 'userId', 'joinedAt'])
    .$if(q.userId !== undefined, (s) => s.where('userId', '=', q.userId!))
    .$if(after !== undefined, (s) => s.where(rowsAfter(['challengeId', 'userId'], after!)))
    .orderBy('challengeId')
    .orderBy('userId')
    .limit(q.limit + 1)
    .execute();
  return exportPage(rows, q.limit, (r) => [r.challengeId, r.userId]);
}

async function checkins(db: Kysely<LearnDB>, q: RecordsQuery): Promise<RecordsPage> {
  const after = exportKeyAfter(q, 3);
  const rows = await db
    .selectFrom('learn.checkins')
    .select(['challengeId', 'userId', 'day', 'answerId', 'checkedInAt'])
    .$if(q.userId !== undefined, (s) => s.where('userId', '=', q.userId!))
    .$if(after !== undefined, (s) => s.where(rowsAfter(['challengeId', 'userId', 'day'], after!)))
    .orderBy('challengeId')
    .orderBy('userId')
    .orderBy('day')
    .limit(q.limit + 1)
    .execute();
  return exportPage(rows, q.limit, (r) => [r.challengeId, r.userId, r.day]);
}

const readers: Record<
  LearningExportEntity,
  (db: Kysely<LearnDB>, q: RecordsQuery) => Promise<RecordsPage>
> = { goals, evidence, log, challenges, participants, checkins };

/** A page of one entity's rows, in key order. */
export function readRecords(
  db: Kysely<LearnDB>,
  entity: LearningExportEntity,
  query: RecordsQuery,
): Promise<RecordsPage> {
  return readers[entity](db, query);
}

/**
 * A person's learning record goes (goals with their evidence, log, challenge participation and
 * check-ins, manager links, campaign opens); the copies of their name (authors, challenges they
 * created, managers' names) take the anonymous one. Contributions stay: they are the feed's
 * posts seen from here. Returns how many rows went.
 */
export async function erasePersonRows(
  db: Kysely<LearnDB>,
  person: { userId: string; handle: string; displayName: string },
): Promise<number> {
  const { userId, handle, displayName } = person;
  return db.transaction().execute(async (trx) => {
    let removed = 0;
    const count = (r: { numDeletedRows: bigint }) => (removed += Number(r.numDeletedRows));
    count(
      await trx.deleteFrom('learn.logEntries').where('ownerId', '=', userId).executeTakeFirst(),
    );
    count(await trx.deleteFrom('learn.goals').where('ownerId', '=', userId).executeTakeFirst());
    count(await trx.deleteFrom('learn.checkins').where('userId', '=', userId).executeTakeFirst());
    count(
      await trx.deleteFrom('learn.participants').where('userId', '=', userId).executeTakeFirst(),
    );
    count(await trx.deleteFrom('learn.people').where('userId', '=', userId).executeTakeFirst());
    count(
      await trx.deleteFrom('learn.campaignOpens').where('userId', '=', userId).executeTakeFirst(),
    );
    await trx
      .updateTable('learn.people')
      .set({ managerId: null, managerHandle: null, managerDisplayName: null })
      .where('managerId', '=', userId)
      .execute();
    await trx
      .updateTable('learn.authors')
      .set({ handle, displayName })
      .where('id', '=', userId)
      .execute();
    await sql`update learn.challenges
         set created_by = created_by || jsonb_build_object('handle', ${handle}::text, 'displayName', ${displayName}::text)
       where created_by->>'id' = ${userId}`.execute(trx);
    return removed;
  });
}
