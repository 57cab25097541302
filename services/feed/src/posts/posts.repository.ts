import type { Answer, Post, PostKind, Visibility } from '@outloud/contracts';
import { sql, type Expression, type Kysely, type RawBuilder } from 'kysely';
import { authorRefOf } from '../authors/authors.repository.js';
import { canSeeChannel } from '../channels/channels.repository.js';
import type { FeedDB } from '../db.js';
import type { Cursor } from './cursor.js';
import { renderExcerpt } from './excerpt-html.js';
import { EXCERPT_CHARS } from './excerpt.js';
import { RANK_DECAY_SECONDS, RANK_EPOCH, UNANSWERED_WINDOW_DAYS } from './ranking.js';

/** SQL for the stored "top" rank of a post (see ranking.ts), from its new score. */
export function rankSql(score: Expression<number>) {
  return sql<number>`log(greatest(${score}, 1)) + extract(epoch from created_at - ${RANK_EPOCH}::timestamptz) / ${RANK_DECAY_SECONDS}`;
}

/** A per-reader flag (voted, bookmarked), or null when the rows are read for no one (events). */
function viewerFlag(viewerId: string | undefined, flag: (viewer: string) => RawBuilder<unknown>) {
  return viewerId === undefined
    ? sql<boolean | null>`null`
    : sql<boolean | null>`${flag(viewerId)}`;
}

/**
 * The body columns of a read: whole, or (for lists) only the first characters, with the stored
 * HTML only when that is the whole body (`null` marks an excerpt still to render). Postgres cuts,
 * so a list never ships whole 40,000-character bodies.
 */
function bodyColumns(shape: 'whole' | 'excerpt') {
  if (shape === 'whole')
    return [sql<string>`p.body`.as('body'), sql<string | null>`p.body_html`.as('bodyHtml')];
  const head = sql<string>`left(p.body, ${sql.lit(EXCERPT_CHARS + 1)})`;
  return [
    head.as('body'),
    sql<
      string | null
    >`case when char_length(${head}) > ${sql.lit(EXCERPT_CHARS)} then null else p.body_html end`.as(
      'bodyHtml',
    ),
  ];
}

/** Posts joined with their author and channel (not deleted), optionally with the viewer's flags. */
function postRows(
  db: Kysely<FeedDB>,
  viewerId: string | undefined,
  shape: 'whole' | 'excerpt' = 'whole',
) {
  return db
    .selectFrom('feed.posts as p')
    .innerJoin('feed.authors as a', 'a.id', 'p.authorId')
    .innerJoin('feed.channels', 'feed.channels.id', 'p.channelId')
    .select([
      'p.id',
      'p.channelId',
      'p.kind',
      'p.title',
      ...bodyColumns(shape),
      'p.tags',
      'p.score',
      'p.answerCount',
      'p.acceptedAnswerId',
      'p.createdAt',
      'p.updatedAt',
      'p.pinnedUntil',
      'p.mentions',
      'p.rank',
      'p.version',
      'feed.channels.visibility',
      'feed.channels.slug as channelSlug',
      'feed.channels.name as channelName',
      'a.id as authorId',
      'a.handle as authorHandle',
      'a.displayName as authorDisplayName',
      'a.avatarUrl as authorAvatarUrl',
      viewerFlag(
        viewerId,
        (viewer) => sql`exists (select 1 from feed.votes v
        where v.target_type = 'post' and v.target_id = p.id and v.user_id = ${viewer})`,
      ).as('voted'),
      viewerFlag(
        viewerId,
        (viewer) => sql`exists (select 1 from feed.bookmarks b
        where b.post_id = p.id and b.user_id = ${viewer})`,
      ).as('bookmarked'),
    ])
    .where('p.deletedAt', 'is', null);
}

type PostRow = Awaited<ReturnType<ReturnType<typeof postRows>['execute']>>[number];

export interface PostState {
  post: Post;
  visibility: Visibility;
  version: number;
  rank: number;
}

function toState(row: PostRow): PostState {
  const excerpt = row.bodyHtml === null ? renderExcerpt(row.body) : undefined;
  const post: Post = {
    id: row.id,
    channelId: row.channelId,
    channel: {
      id: row.channelId,
      slug: row.channelSlug,
      name: row.channelName,
      visibility: row.visibility,
    },
    kind: row.kind,
    title: row.title,
    body: excerpt ? excerpt.body : row.body,
    bodyHtml: excerpt ? excerpt.bodyHtml : (row.bodyHtml ?? ''),
    tags: row.tags,
    author: authorRefOf(row.authorId, row.authorHandle, row.authorDisplayName, row.authorAvatarUrl),
    score: row.score,
    answerCount: row.answerCount,
    acceptedAnswerId: row.acceptedAnswerId,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    pinnedUntil: row.pinnedUntil ? row.pinnedUntil.toISOString() : null,
    mentions: row.mentions,
  };
  if (excerpt) post.truncated = true;
  if (row.voted !== null && row.bookmarked !== null)
    post.viewer = { voted: Boolean(row.voted), bookmarked: Boolean(row.bookmarked) };
  return { post, visibility: row.visibility, version: row.version, rank: row.rank };
}

/** A post the viewer may see, with their vote and bookmark. */
export async function findVisiblePost(
  db: Kysely<FeedDB>,
  id: string,
  viewerId: string,
): Promise<PostState | undefined> {
  const row = await postRows(db, viewerId)
    .where('p.id', '=', id)
    .where(canSeeChannel(viewerId))
    .executeTakeFirst();
  return row && toState(row);
}

/** Whether the viewer may see a live post, and its channel: no body, no answers. */
export async function findPostAccess(
  db: Kysely<FeedDB>,
  id: string,
  viewerId: string,
): Promise<{ postId: string; channelId: string; visibility: Visibility } | undefined> {
  return db
    .selectFrom('feed.posts as p')
    .innerJoin('feed.channels', 'feed.channels.id', 'p.channelId')
    .select(['p.id as postId', 'p.channelId', 'feed.channels.visibility'])
    .where('p.id', '=', id)
    .where('p.deletedAt', 'is', null)
    .where(canSeeChannel(viewerId))
    .executeTakeFirst();
}

/** A post as it is now, for an event (no visibility check; callers checked already). */
export async function loadPostState(db: Kysely<FeedDB>, id: string): Promise<PostState> {
  return toState(await postRows(db, undefined).where('p.id', '=', id).executeTakeFirstOrThrow());
}

export interface FeedFilter {
  viewerId: string;
  sort: 'new' | 'top' | 'unanswered';
  channelId?: string;
  tag?: string;
  kind?: PostKind;
  authorId?: string;
  following?: boolean;
  /** Only posts carrying at least one of these tags (the reader's topics). */
  anyTags?: readonly string[];
  after?: Cursor;
  /** Leave out announcements pinned right now (they are shown first, separately). */
  excludePinned?: boolean;
  now: Date;
  limit: number;
}

/** One page of the feed in one query (authors and viewer flags joined, no N+1). */
export async function listPosts(db: Kysely<FeedDB>, filter: FeedFilter): Promise<PostState[]> {
  const { viewerId, after, now } = filter;
  let query = postRows(db, viewerId, 'excerpt')
    .where(canSeeChannel(viewerId))
    .$if(filter.channelId !== undefined, (q) => q.where('p.channelId', '=', filter.channelId!))
    .$if(filter.tag !== undefined, (q) =>
      q.where('p.tags', '@>', sql<string[]>`array[${filter.tag!}]::text[]`),
    )
    .$if(filter.anyTags !== undefined, (q) =>
      q.where('p.tags', '&&', sql<string[]>`${[...filter.anyTags!]}::text[]`),
    )
    .$if(filter.kind !== undefined, (q) => q.where('p.kind', '=', filter.kind!))
    .$if(filter.authorId !== undefined, (q) => q.where('p.authorId', '=', filter.authorId!))
    .$if(filter.excludePinned === true, (q) =>
      q.where((eb) => eb.or([eb('p.pinnedUntil', 'is', null), eb('p.pinnedUntil', '<=', now)])),
    )
    .$if(filter.following === true, (q) =>
      q.where((eb) => {
        const followed = (type: 'channel' | 'tag' | 'user') =>
          eb
            .selectFrom('feed.follows as f')
            .select('f.target')
            .where('f.userId', '=', viewerId)
            .where('f.targetType', '=', type);
        return eb.or([
          eb(sql<string>`p.channel_id::text`, 'in', followed('channel')),
          eb(sql<string>`p.author_id::text`, 'in', followed('user')),
          eb('p.tags', '&&', sql<string[]>`array(${followed('tag')})`),
        ]);
      }),
    );

  switch (filter.sort) {
    case 'new':
      query = query
        .$if(after?.key instanceof Date, (q) =>
          q.where((eb) =>
            eb(eb.refTuple('p.createdAt', 'p.id'), '<', eb.tuple(after!.key as Date, after!.id!)),
          ),
        )
        .orderBy('p.createdAt', 'desc')
        .orderBy('p.id', 'desc');
      break;
    case 'top':
      query = query
        .$if(typeof after?.key === 'number', (q) =>
          q.where((eb) =>
            eb(eb.refTuple('p.rank', 'p.id'), '<', eb.tuple(after!.key as number, after!.id!)),
          ),
        )
        .orderBy('p.rank', 'desc')
        .orderBy('p.id', 'desc');
      break;
    case 'unanswered':
      query = query
        .where('p.kind', '=', 'question')
        .where('p.answerCount', '=', 0)
        .where('p.createdAt', '>', new Date(now.getTime() - UNANSWERED_WINDOW_DAYS * 86_400_000))
        .$if(after?.key instanceof Date, (q) =>
          q.where((eb) =>
            eb(eb.refTuple('p.createdAt', 'p.id'), '>', eb.tuple(after!.key as Date, after!.id!)),
          ),
        )
        .orderBy('p.createdAt', 'asc')
        .orderBy('p.id', 'asc');
      break;
    default: {
      const unknown: never = filter.sort;
      throw new Error(`unknown sort ${String(unknown)}`);
    }
  }
  return (await query.limit(filter.limit).execute()).map(toState);
}

/** Live posts in id order after `after` (all channels, no viewer), for exports. */
export async function exportPostStates(
  db: Kysely<FeedDB>,
  options: { after?: string; limit: number },
): Promise<PostState[]> {
  const rows = await postRows(db, undefined)
    .$if(options.after !== undefined, (q) => q.where('p.id', '>', options.after!))
    .orderBy('p.id')
    .limit(options.limit)
    .execute();
  return rows.map(toState);
}

/** Announcements pinned right now, newest first, in the channel (or every visible channel). */
export async function listPinned(
  db: Kysely<FeedDB>,
  options: { viewerId: string; channelId?: string; now: Date; limit: number },
): Promise<PostState[]> {
  const rows = await postRows(db, options.viewerId, 'excerpt')
    .where(canSeeChannel(options.viewerId))
    .where('p.pinnedUntil', 'is not', null)
    .where('p.pinnedUntil', '>', options.now)
    .$if(options.channelId !== undefined, (q) => q.where('p.channelId', '=', options.channelId!))
    .orderBy('p.createdAt', 'desc')
    .orderBy('p.id', 'desc')
    .limit(options.limit)
    .execute();
  return rows.map(toState);
}

/** Bookmarked posts, most recently bookmarked first; deleted or no longer visible ones drop out. */
export async function listBookmarked(
  db: Kysely<FeedDB>,
  options: { viewerId: string; after?: { at: Date; id: string }; limit: number },
): Promise<(PostState & { bookmarkedAt: Date })[]> {
  const rows = await postRows(db, options.viewerId, 'excerpt')
    .innerJoin('feed.bookmarks as bm', (j) =>
      j.onRef('bm.postId', '=', 'p.id').on('bm.userId', '=', options.viewerId),
    )
    .select('bm.createdAt as bookmarkedAt')
    .where(canSeeChannel(options.viewerId))
    .$if(options.after !== undefined, (q) =>
      q.where((eb) =>
        eb(
          eb.refTuple('bm.createdAt', 'bm.postId'),
          '<',
          eb.tuple(options.after!.at, options.after!.id),
        ),
      ),
    )
    .orderBy('bm.createdAt', 'desc')
    .orderBy('bm.postId', 'desc')
    .limit(options.limit)
    .execute();
  return rows.map((row) => ({ ...toState(row), bookmarkedAt: row.bookmarkedAt }));
}

export function answerRows(db: Kysely<FeedDB>, viewerId?: string) {
  return db
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
      'x.updatedAt',
      'x.mentions',
      'a.id as authorId',
      'a.handle as authorHandle',
      'a.displayName as authorDisplayName',
      'a.avatarUrl as authorAvatarUrl',
      viewerFlag(
        viewerId,
        (viewer) => sql`exists (select 1 from feed.votes v
        where v.target_type = 'answer' and v.target_id = x.id and v.user_id = ${viewer})`,
      ).as('voted'),
    ])
    .where('x.deletedAt', 'is', null);
}

type AnswerRow = Awaited<ReturnType<ReturnType<typeof answerRows>['execute']>>[number];

export function toAnswer(row: AnswerRow): Answer {
  const answer: Answer = {
    id: row.id,
    postId: row.postId,
    body: row.body,
    bodyHtml: row.bodyHtml,
    author: authorRefOf(row.authorId, row.authorHandle, row.authorDisplayName, row.authorAvatarUrl),
    score: row.score,
    accepted: row.accepted,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    mentions: row.mentions,
  };
  if (row.voted !== null) answer.viewer = { voted: Boolean(row.voted) };
  return answer;
}

/**
 * Locks a live post row for a change (so concurrent changes to it queue up), returning what
 * permission checks need; undefined when it does not exist, is deleted or is not visible.
 */
export async function lockVisiblePost(db: Kysely<FeedDB>, id: string, viewerId: string) {
  return db
    .selectFrom('feed.posts as p')
    .innerJoin('feed.channels', 'feed.channels.id', 'p.channelId')
    .select([
      'p.id',
      'p.kind',
      'p.authorId',
      'p.channelId',
      'p.title',
      'p.body',
      'p.tags',
      'p.acceptedAnswerId',
      'p.pinnedUntil',
    ])
    .where('p.id', '=', id)
    .where('p.deletedAt', 'is', null)
    .where(canSeeChannel(viewerId))
    .forUpdate('p')
    .executeTakeFirst();
}

/** Bumps a post's version (every change does) and returns its state for the event. */
export async function touchPost(db: Kysely<FeedDB>, id: string): Promise<PostState> {
  await db
    .updateTable('feed.posts')
    .set((eb) => ({ version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .execute();
  return loadPostState(db, id);
}
