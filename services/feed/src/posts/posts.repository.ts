import type { Answer, Post, PostKind } from '@outloud/contracts';
import { sql, type Kysely, type Selectable } from 'kysely';
import { canSeeChannel } from '../channels/channels.repository.js';
import type { FeedDB, PostsTable } from '../db.js';
import type { NewCursor } from './cursor.js';

export type NewPostRow = Omit<
  Selectable<PostsTable>,
  'score' | 'answerCount' | 'version' | 'deletedAt'
>;

export async function insertPost(db: Kysely<FeedDB>, row: NewPostRow): Promise<void> {
  await db
    .insertInto('feed.posts')
    .values({ ...row, deletedAt: null })
    .execute();
}

/** Posts joined with their author and channel, limited to what `userId` may see. */
function visiblePosts(db: Kysely<FeedDB>, userId: string) {
  return db
    .selectFrom('feed.posts as p')
    .innerJoin('feed.authors as a', 'a.id', 'p.authorId')
    .innerJoin('feed.channels', 'feed.channels.id', 'p.channelId')
    .select([
      'p.id',
      'p.channelId',
      'p.kind',
      'p.title',
      'p.body',
      'p.bodyHtml',
      'p.tags',
      'p.score',
      'p.answerCount',
      'p.acceptedAnswerId',
      'p.createdAt',
      'p.updatedAt',
      'a.id as authorId',
      'a.handle as authorHandle',
      'a.displayName as authorDisplayName',
    ])
    .where('p.deletedAt', 'is', null)
    .where(canSeeChannel(userId));
}

type PostRow = Awaited<ReturnType<ReturnType<typeof visiblePosts>['execute']>>[number];

function toPost(row: PostRow): Post {
  return {
    id: row.id,
    channelId: row.channelId,
    kind: row.kind,
    title: row.title,
    body: row.body,
    bodyHtml: row.bodyHtml,
    tags: row.tags,
    author: { id: row.authorId, handle: row.authorHandle, displayName: row.authorDisplayName },
    score: row.score,
    answerCount: row.answerCount,
    acceptedAnswerId: row.acceptedAnswerId,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function findVisiblePost(
  db: Kysely<FeedDB>,
  id: string,
  userId: string,
): Promise<Post | undefined> {
  const row = await visiblePosts(db, userId).where('p.id', '=', id).executeTakeFirst();
  return row && toPost(row);
}

export interface NewFeedFilter {
  userId: string;
  channelId?: string;
  tag?: string;
  kind?: PostKind;
  authorId?: string;
  after?: NewCursor;
  limit: number;
}

/** Newest first, keyset-paginated on (created_at, id); one query with authors joined. */
export async function listNewest(db: Kysely<FeedDB>, filter: NewFeedFilter): Promise<Post[]> {
  const rows = await visiblePosts(db, filter.userId)
    .$if(filter.channelId !== undefined, (q) => q.where('p.channelId', '=', filter.channelId!))
    .$if(filter.tag !== undefined, (q) =>
      q.where('p.tags', '@>', sql<string[]>`array[${filter.tag!}]::text[]`),
    )
    .$if(filter.kind !== undefined, (q) => q.where('p.kind', '=', filter.kind!))
    .$if(filter.authorId !== undefined, (q) => q.where('p.authorId', '=', filter.authorId!))
    .$if(filter.after !== undefined, (q) =>
      q.where((eb) =>
        eb(
          eb.refTuple('p.createdAt', 'p.id'),
          '<',
          eb.tuple(filter.after!.createdAt, filter.after!.id),
        ),
      ),
    )
    .orderBy('p.createdAt', 'desc')
    .orderBy('p.id', 'desc')
    .limit(filter.limit)
    .execute();
  return rows.map(toPost);
}

export async function listAnswers(db: Kysely<FeedDB>, postId: string): Promise<Answer[]> {
  const rows = await db
    .selectFrom('feed.answers as x')
    .innerJoin('feed.authors as a', 'a.id', 'x.authorId')
    .select([
      'x.id',
      'x.postId',
      'x.body',
      'x.bodyHtml',
      'x.score',
      'x.accepted',
      'x.createdAt',
      'a.id as authorId',
      'a.handle as authorHandle',
      'a.displayName as authorDisplayName',
    ])
    .where('x.postId', '=', postId)
    .where('x.deletedAt', 'is', null)
    .orderBy('x.accepted', 'desc')
    .orderBy('x.score', 'desc')
    .orderBy('x.createdAt', 'asc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    postId: r.postId,
    body: r.body,
    bodyHtml: r.bodyHtml,
    author: { id: r.authorId, handle: r.authorHandle, displayName: r.authorDisplayName },
    score: r.score,
    accepted: r.accepted,
    createdAt: r.createdAt.toISOString(),
  }));
}
