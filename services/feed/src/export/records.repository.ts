import { exportKeyAfter, exportPage, rowsAfter, type ExportQuery } from '@outloud/db';
import type { ExportRecord, FeedExportEntity } from '@outloud/contracts';
import { sql, type Kysely } from 'kysely';
import type { FeedDB } from '../db.js';

export type RecordsQuery = ExportQuery;

export interface RecordsPage {
  items: ExportRecord[];
  nextAfter: string | null;
}

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

async function channels(db: Kysely<FeedDB>, q: RecordsQuery): Promise<RecordsPage> {
  const after = exportKeyAfter(q, 1);
  const rows = await db
    .selectFrom('feed.channels')
    .select(['id', 'slug', 'name', 'description', 'visibility', 'ownerId', 'autoJoin', 'createdAt'])
    .$if(q.userId !== undefined, (s) =>
      s.where('id', 'in', (sub) =>
        sub.selectFrom('feed.channelMembers').select('channelId').where('userId', '=', q.userId!),
      ),
    )
    .$if(after !== undefined, (s) => s.where(rowsAfter(['id'], after!)))
    .orderBy('id')
    .limit(q.limit + 1)
    .execute();
  return exportPage(rows, q.limit, (r) => [r.id]);
}

async function memberships(db: Kysely<FeedDB>, q: RecordsQuery): Promise<RecordsPage> {
  const after = exportKeyAfter(q, 2);
  const rows = await db
    .selectFrom('feed.channelMembers')
    .select(['userId', 'channelId', 'role', 'joinedAt'])
    .$if(q.userId !== undefined, (s) => s.where('userId', '=', q.userId!))
    .$if(after !== undefined, (s) => s.where(rowsAfter(['userId', 'channelId'], after!)))
    .orderBy('userId')
    .orderBy('channelId')
    .limit(q.limit + 1)
    .execute();
  return exportPage(rows, q.limit, (r) => [r.userId, r.channelId]);
}

const postColumns = [
  'p.id',
  'p.channelId',
  'p.kind',
  'p.title',
  'p.body',
  'p.tags',
  'p.authorId',
  'p.score',
  'p.answerCount',
  'p.acceptedAnswerId',
  'p.duplicateOf',
  'p.createdAt',
  'p.updatedAt',
  'p.hiddenAt',
  'p.lockedAt',
] as const;

async function posts(db: Kysely<FeedDB>, q: RecordsQuery): Promise<RecordsPage> {
  const after = exportKeyAfter(q, 1);
  const rows = await db
    .selectFrom('feed.posts as p')
    .select(postColumns)
    .where('p.deletedAt', 'is', null)
    .$if(q.userId !== undefined, (s) => s.where('p.authorId', '=', q.userId!))
    .$if(after !== undefined, (s) => s.where(rowsAfter(['p.id'], after!)))
    .orderBy('p.id')
    .limit(q.limit + 1)
    .execute();
  return exportPage(rows, q.limit, (r) => [r.id]);
}

const answerColumns = [
  'x.id',
  'x.postId',
  'x.body',
  'x.authorId',
  'x.score',
  'x.accepted',
  'x.createdAt',
  'x.updatedAt',
  'x.hiddenAt',
] as const;

async function answers(db: Kysely<FeedDB>, q: RecordsQuery): Promise<RecordsPage> {
  const after = exportKeyAfter(q, 1);
  const rows = await db
    .selectFrom('feed.answers as x')
    .select(answerColumns)
    .where('x.deletedAt', 'is', null)
    .$if(q.userId !== undefined, (s) => s.where('x.authorId', '=', q.userId!))
    .$if(after !== undefined, (s) => s.where(rowsAfter(['x.id'], after!)))
    .orderBy('x.id')
    .limit(q.limit + 1)
    .execute();
  return exportPage(rows, q.limit, (r) => [r.id]);
}

/**
 * Live posts, oldest first (ids are time-ordered), each with its author's name and its live
 * answers (accepted first, then oldest first): what the Markdown of a channel is written from.
 */
async function threads(db: Kysely<FeedDB>, q: RecordsQuery): Promise<RecordsPage> {
  const after = exportKeyAfter(q, 1);
  const rows = await db
    .selectFrom('feed.posts as p')
    .innerJoin('feed.authors as a', 'a.id', 'p.authorId')
    .select(postColumns)
    .select(['a.handle as authorHandle', 'a.displayName as authorDisplayName'])
    .where('p.deletedAt', 'is', null)
    .$if(after !== undefined, (s) => s.where(rowsAfter(['p.id'], after!)))
    .orderBy('p.id')
    .limit(q.limit + 1)
    .execute();
  const page = exportPage(rows, q.limit, (r) => [r.id]);
  const ids = page.items.map((p) => p.id);
  const replies = ids.length
    ? await db
        .selectFrom('feed.answers as x')
        .innerJoin('feed.authors as a', 'a.id', 'x.authorId')
        .select(answerColumns)
        .select(['a.handle as authorHandle', 'a.displayName as authorDisplayName'])
        .where('x.postId', 'in', ids)
        .where('x.deletedAt', 'is', null)
        .orderBy('x.postId')
        .orderBy('x.accepted', 'desc')
        .orderBy('x.createdAt')
        .execute()
    : [];
  const byPost = new Map<string, typeof replies>();
  for (const answer of replies)
    byPost.set(answer.postId, [...(byPost.get(answer.postId) ?? []), answer]);
  // A page of whole threads is bounded again with its answers; the cut moves the cursor back.
  const withAnswers = page.items.map((p) => ({ ...p, answers: byPost.get(p.id) ?? [] }));
  const bounded = exportPage(withAnswers, withAnswers.length, (r) => [r.id]);
  if (bounded.items.length < withAnswers.length) return bounded;
  return { items: withAnswers, nextAfter: page.nextAfter };
}

async function votes(db: Kysely<FeedDB>, q: RecordsQuery): Promise<RecordsPage> {
  const after = exportKeyAfter(q, 3);
  const rows = await db
    .selectFrom('feed.votes')
    .select(['userId', 'targetType', 'targetId', 'createdAt'])
    .$if(q.userId !== undefined, (s) => s.where('userId', '=', q.userId!))
    .$if(after !== undefined, (s) =>
      s.where(rowsAfter(['userId', 'targetType', 'targetId'], after!)),
    )
    .orderBy('userId')
    .orderBy('targetType')
    .orderBy('targetId')
    .limit(q.limit + 1)
    .execute();
  return exportPage(rows, q.limit, (r) => [r.userId, r.targetType, r.targetId]);
}

async function bookmarks(db: Kysely<FeedDB>, q: RecordsQuery): Promise<RecordsPage> {
  const after = exportKeyAfter(q, 2);
  const rows = await db
    .selectFrom('feed.bookmarks')
    .select(['userId', 'postId', 'createdAt'])
    .$if(q.userId !== undefined, (s) => s.where('userId', '=', q.userId!))
    .$if(after !== undefined, (s) => s.where(rowsAfter(['userId', 'postId'], after!)))
    .orderBy('userId')
    .orderBy('postId')
    .limit(q.limit + 1)
    .execute();
  return exportPage(rows, q.limit, (r) => [r.userId, r.postId]);
}

async function follows(db: Kysely<FeedDB>, q: RecordsQuery): Promise<RecordsPage> {
  const after = exportKeyAfter(q, 3);
  const rows = await db
    .selectFrom('feed.follows')
    .select(['userId', 'targetType', 'target', 'createdAt'])
    .$if(q.userId !== undefined, (s) => s.where('userId', '=', q.userId!))
    .$if(after !== undefined, (s) => s.where(rowsAfter(['userId', 'targetType', 'target'], after!)))
    .orderBy('userId')
    .orderBy('targetType')
    .orderBy('target')
    .limit(q.limit + 1)
    .execute();
  return exportPage(rows, q.limit, (r) => [r.userId, r.targetType, r.target]);
}

/** Every tag in use on live posts, with how many posts carry it (the tags of the instance). */
async function tags(db: Kysely<FeedDB>, q: RecordsQuery): Promise<RecordsPage> {
  const after = exportKeyAfter(q, 1);
  const afterTag = after === undefined ? null : String(after[0]);
  const rows = await sql<{ tag: string; posts: number; firstUsedAt: Date }>`
    select t.tag, count(*)::int as posts, min(p.created_at) as first_used_at
      from feed.posts p cross join lateral unnest(p.tags) as t(tag)
     where p.deleted_at is null
       ${q.userId === undefined ? sql`` : sql`and p.author_id = ${q.userId}`}
       ${afterTag === null ? sql`` : sql`and t.tag > ${afterTag}`}
     group by t.tag order by t.tag limit ${q.limit + 1}`.execute(db);
  return exportPage(
    rows.rows.map((r) => ({ tag: r.tag, posts: r.posts, firstUsedAt: iso(r.firstUsedAt) })),
    q.limit,
    (r) => [r.tag],
  );
}

const readers: Record<
  FeedExportEntity,
  (db: Kysely<FeedDB>, q: RecordsQuery) => Promise<RecordsPage>
> = {
  channels,
  memberships,
  threads,
  posts,
  answers,
  votes,
  bookmarks,
  follows,
  tags,
};

/** A page of one entity's rows, in key order. */
export function readRecords(
  db: Kysely<FeedDB>,
  entity: FeedExportEntity,
  query: RecordsQuery,
): Promise<RecordsPage> {
  return readers[entity](db, query);
}

/**
 * What the feed keeps about a person beyond their contributions: bookmarks, follows (theirs and
 * of them) and channel memberships go; posts, answers and votes stay, and their author row takes
 * the anonymous name at once (identity's event that follows says the same, later). Returns how
 * many rows went.
 */
export async function erasePersonRows(
  db: Kysely<FeedDB>,
  person: { userId: string; handle: string; displayName: string },
  now: Date,
): Promise<number> {
  const { userId } = person;
  return db.transaction().execute(async (trx) => {
    let removed = 0;
    await trx
      .updateTable('feed.authors')
      .set({
        handle: person.handle,
        displayName: person.displayName,
        avatarUrl: null,
        profileAt: now,
        updatedAt: now,
      })
      .where('id', '=', userId)
      .execute();
    const count = (r: { numDeletedRows: bigint }) => (removed += Number(r.numDeletedRows));
    count(await trx.deleteFrom('feed.bookmarks').where('userId', '=', userId).executeTakeFirst());
    count(await trx.deleteFrom('feed.follows').where('userId', '=', userId).executeTakeFirst());
    count(
      await trx
        .deleteFrom('feed.follows')
        .where('targetType', '=', 'user')
        .where('target', '=', userId)
        .executeTakeFirst(),
    );
    count(
      await trx.deleteFrom('feed.channelMembers').where('userId', '=', userId).executeTakeFirst(),
    );
    return removed;
  });
}
