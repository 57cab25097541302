import type { Answer, Post, PostKind, Visibility } from '@outloud/contracts';
import { queryTemplate } from '@outloud/db';
import { sql, type Expression, type Kysely, type RawBuilder } from 'kysely';
import { authorRefOf } from '../authors/authors.repository.js';
import { canSeeChannel } from '../channels/channels.repository.js';
import type { FeedDB } from '../db.js';
import { shownOriginalTitle } from '../knowledge/original-title.js';
import {
  isModerator,
  viewerIdOf,
  visibleContent,
  type ViewerRef,
} from '../moderation/visibility.js';
import type { Cursor } from './cursor.js';
import { renderExcerpt } from './excerpt-html.js';
import { EXCERPT_CHARS } from './excerpt.js';
import {
  OUTDATED_RANK_PENALTY,
  RANK_DECAY_SECONDS,
  RANK_EPOCH,
  UNANSWERED_WINDOW_DAYS,
} from './ranking.js';

/**
 * SQL for the stored "top" rank of a post (see ranking.ts), from its new score and whether it is
 * outdated (by default: as the row is now).
 */
export function rankSql(
  score: Expression<number>,
  outdated: Expression<boolean> = sql<boolean>`outdated_at is not null`,
) {
  return sql<number>`log(greatest(${score}, 1)) + extract(epoch from created_at - ${RANK_EPOCH}::timestamptz) / ${RANK_DECAY_SECONDS} - case when ${outdated} then ${OUTDATED_RANK_PENALTY}::float8 else 0 end`;
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
    .leftJoin('feed.authors as ro', 'ro.id', 'p.reviewOwnerId')
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
      'p.hiddenAt',
      'p.lockedAt',
      'p.outdatedAt',
      'p.reviewDueAt',
      'p.duplicateOf',
      shownOriginalTitle('p').as('duplicateTitle'),
      'p.reviewOwnerId',
      'ro.handle as reviewOwnerHandle',
      'ro.displayName as reviewOwnerDisplayName',
      'ro.avatarUrl as reviewOwnerAvatarUrl',
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
  if (row.hiddenAt) post.hidden = true;
  if (row.lockedAt) post.locked = true;
  // Always present on reads, so a review's reply says `outdated: false` as plainly as `true`.
  post.outdated = row.outdatedAt !== null;
  post.original =
    row.duplicateOf && row.duplicateTitle !== null
      ? { id: row.duplicateOf, title: row.duplicateTitle }
      : null;
  post.duplicateOf = post.original?.id ?? null;
  post.reviewDueAt = row.reviewDueAt ? row.reviewDueAt.toISOString() : null;
  post.reviewOwner =
    row.reviewOwnerId && row.reviewOwnerHandle !== null && row.reviewOwnerDisplayName !== null
      ? authorRefOf(
          row.reviewOwnerId,
          row.reviewOwnerHandle,
          row.reviewOwnerDisplayName,
          row.reviewOwnerAvatarUrl,
        )
      : null;
  if (row.voted !== null && row.bookmarked !== null)
    post.viewer = { voted: Boolean(row.voted), bookmarked: Boolean(row.bookmarked) };
  return { post, visibility: row.visibility, version: row.version, rank: row.rank };
}

/**
 * A viewer for the SQL of a template: a moderator's rights or a member's. Never the bare id: in a
 * template it is a stand-in, not a string.
 */
function viewerOf(moderator: boolean, viewerId: string): ViewerRef {
  return { id: viewerId, roles: moderator ? ['moderator'] : ['member'] };
}

const visiblePost = queryTemplate(
  (db: Kysely<FeedDB>, shape: { moderator: boolean }, v: { id: string; viewerId: string }) =>
    postRows(db, v.viewerId)
      .where('p.id', '=', v.id)
      .where(canSeeChannel(v.viewerId))
      .where(visibleContent(viewerOf(shape.moderator, v.viewerId), 'p'))
      .compile(),
);

/** A post the viewer may see (hidden ones only as author or moderator), with their flags. */
export async function findVisiblePost(
  db: Kysely<FeedDB>,
  id: string,
  viewer: ViewerRef,
): Promise<PostState | undefined> {
  const [row] = await visiblePost(
    db,
    { moderator: isModerator(viewer) },
    { id, viewerId: viewerIdOf(viewer) },
  );
  return row && toState(row);
}

/** Whether the viewer may see a live post, and its channel: no body, no answers. */
export async function findPostAccess(
  db: Kysely<FeedDB>,
  id: string,
  viewer: ViewerRef,
): Promise<
  { postId: string; channelId: string; visibility: Visibility; hidden: boolean } | undefined
> {
  return db
    .selectFrom('feed.posts as p')
    .innerJoin('feed.channels', 'feed.channels.id', 'p.channelId')
    .select([
      'p.id as postId',
      'p.channelId',
      'feed.channels.visibility',
      // The gateway must not share a hidden post's access with people who may not see it.
      sql<boolean>`p.hidden_at is not null`.as('hidden'),
    ])
    .where('p.id', '=', id)
    .where('p.deletedAt', 'is', null)
    .where(canSeeChannel(viewerIdOf(viewer)))
    .where(visibleContent(viewer, 'p'))
    .executeTakeFirst();
}

/** A post as it is now, for an event (no visibility check; callers checked already). */
export async function loadPostState(db: Kysely<FeedDB>, id: string): Promise<PostState> {
  return toState(await postRows(db, undefined).where('p.id', '=', id).executeTakeFirstOrThrow());
}

export interface FeedFilter {
  viewer: ViewerRef;
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

/**
 * A page size written into the statement, not bound: a prepared statement's generic plan assumes
 * an unknown limit reads a tenth of the table, so with `limit $n` Postgres would plan every call
 * anew. Page sizes are few (1 to the contract's maximum), so so are the statements.
 */
function pageLimit(limit: number) {
  if (!Number.isSafeInteger(limit) || limit < 0) throw new Error(`bad page size ${limit}`);
  return sql.lit(limit);
}

/** What decides the text of a feed query; everything else is a value bound to it. */
interface FeedShape {
  sort: 'new' | 'top' | 'unanswered';
  moderator: boolean;
  channel: boolean;
  tag: boolean;
  anyTags: boolean;
  kind: boolean;
  author: boolean;
  following: boolean;
  after: boolean;
  excludePinned: boolean;
}

/** The values a feed query binds (those its shape does not use may be missing). */
interface FeedValues {
  viewerId: string;
  channelId: string;
  tag: string;
  anyTags: readonly string[];
  kind: PostKind;
  authorId: string;
  now: Date;
  /** Oldest creation time the unanswered sort shows. */
  since: Date;
  afterKey: Date | number;
  afterId: string;
}

function feedShapeOf(filter: Omit<FeedFilter, 'limit'>): FeedShape {
  const { after, sort } = filter;
  return {
    sort,
    moderator: isModerator(filter.viewer),
    channel: filter.channelId !== undefined,
    tag: filter.tag !== undefined,
    anyTags: filter.anyTags !== undefined,
    kind: filter.kind !== undefined,
    author: filter.authorId !== undefined,
    following: filter.following === true,
    after:
      after !== undefined &&
      after.id !== null &&
      (sort === 'top' ? typeof after.key === 'number' : after.key instanceof Date),
    excludePinned: filter.excludePinned === true,
  };
}

function feedValuesOf(filter: Omit<FeedFilter, 'limit'>): Partial<FeedValues> {
  const { after } = filter;
  return {
    viewerId: viewerIdOf(filter.viewer),
    channelId: filter.channelId,
    tag: filter.tag,
    anyTags: filter.anyTags,
    kind: filter.kind,
    authorId: filter.authorId,
    now: filter.now,
    since: new Date(filter.now.getTime() - UNANSWERED_WINDOW_DAYS * 86_400_000),
    afterKey: after?.key ?? undefined,
    afterId: after?.id ?? undefined,
  };
}

const feedPage = queryTemplate(
  (db: Kysely<FeedDB>, shape: FeedShape & { limit: number }, v: FeedValues) =>
    feedQuery(db, shape, v).limit(pageLimit(shape.limit)).compile(),
);

/** One page of the feed in one query (authors and viewer flags joined, no N+1). */
export async function listPosts(db: Kysely<FeedDB>, filter: FeedFilter): Promise<PostState[]> {
  const shape = { ...feedShapeOf(filter), limit: filter.limit };
  return (await feedPage(db, shape, feedValuesOf(filter))).map(toState);
}

/**
 * The feed's rows in the shape's order, before the page's limit. Built once per shape (see
 * queryTemplate): `v` holds stand-ins, handed to Kysely only as values.
 */
function feedQuery(db: Kysely<FeedDB>, shape: FeedShape, v: FeedValues) {
  let query = postRows(db, v.viewerId, 'excerpt')
    .where(canSeeChannel(v.viewerId))
    .where(visibleContent(viewerOf(shape.moderator, v.viewerId), 'p'))
    .$if(shape.channel, (q) => q.where('p.channelId', '=', v.channelId))
    .$if(shape.tag, (q) => q.where('p.tags', '@>', sql<string[]>`array[${v.tag}]::text[]`))
    .$if(shape.anyTags, (q) => q.where('p.tags', '&&', sql<string[]>`${v.anyTags}::text[]`))
    .$if(shape.kind, (q) => q.where('p.kind', '=', v.kind))
    .$if(shape.author, (q) => q.where('p.authorId', '=', v.authorId))
    .$if(shape.excludePinned, (q) =>
      q.where((eb) => eb.or([eb('p.pinnedUntil', 'is', null), eb('p.pinnedUntil', '<=', v.now)])),
    )
    .$if(shape.following, (q) =>
      q.where((eb) => {
        const followed = (type: 'channel' | 'tag' | 'user') =>
          eb
            .selectFrom('feed.follows as f')
            .select('f.target')
            .where('f.userId', '=', v.viewerId)
            .where('f.targetType', '=', type);
        return eb.or([
          eb(sql<string>`p.channel_id::text`, 'in', followed('channel')),
          eb(sql<string>`p.author_id::text`, 'in', followed('user')),
          eb('p.tags', '&&', sql<string[]>`array(${followed('tag')})`),
        ]);
      }),
    );

  switch (shape.sort) {
    case 'new':
      query = query
        .$if(shape.after, (q) =>
          q.where((eb) =>
            eb(eb.refTuple('p.createdAt', 'p.id'), '<', eb.tuple(v.afterKey as Date, v.afterId)),
          ),
        )
        .orderBy('p.createdAt', 'desc')
        .orderBy('p.id', 'desc');
      break;
    case 'top':
      query = query
        .$if(shape.after, (q) =>
          q.where((eb) =>
            eb(eb.refTuple('p.rank', 'p.id'), '<', eb.tuple(v.afterKey as number, v.afterId)),
          ),
        )
        .orderBy('p.rank', 'desc')
        .orderBy('p.id', 'desc');
      break;
    case 'unanswered':
      query = query
        .where('p.kind', '=', 'question')
        .where('p.answerCount', '=', 0)
        .where('p.createdAt', '>', v.since)
        .$if(shape.after, (q) =>
          q.where((eb) =>
            eb(eb.refTuple('p.createdAt', 'p.id'), '>', eb.tuple(v.afterKey as Date, v.afterId)),
          ),
        )
        .orderBy('p.createdAt', 'asc')
        .orderBy('p.id', 'asc');
      break;
    default: {
      const unknown: never = shape.sort;
      throw new Error(`unknown sort ${String(unknown)}`);
    }
  }
  return query;
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
function pinnedQuery(db: Kysely<FeedDB>, shape: FeedShape, v: FeedValues) {
  return postRows(db, v.viewerId, 'excerpt')
    .where(canSeeChannel(v.viewerId))
    .where(visibleContent(viewerOf(shape.moderator, v.viewerId), 'p'))
    .where('p.pinnedUntil', 'is not', null)
    .where('p.pinnedUntil', '>', v.now)
    .$if(shape.channel, (q) => q.where('p.channelId', '=', v.channelId))
    .orderBy('p.createdAt', 'desc')
    .orderBy('p.id', 'desc');
}

type LeadRow = PostRow & { lead: boolean };

const pinnedAndNewPage = queryTemplate(
  (db: Kysely<FeedDB>, shape: FeedShape & { limit: number }, v: FeedValues) => {
    const pins = pinnedQuery(db, shape, v)
      .select(sql<boolean>`true`.as('lead'))
      .limit(pageLimit(shape.limit));
    const rest = feedQuery(db, shape, v)
      .select(sql<boolean>`false`.as('lead'))
      .limit(pageLimit(shape.limit + 1));
    return sql<LeadRow>`select * from ((${pins}) union all (${rest})) u
      order by u.lead desc, u.created_at desc, u.id desc`.compile(db);
  },
);

/**
 * A first page of the plain "new" feed: the announcements pinned right now (up to `limit`) and
 * the newest other posts (up to `limit + 1`, to tell whether more follow), in one statement so
 * the page costs one round trip. Each half walks its own index; the outer sort orders at most
 * `2 * limit + 1` rows.
 */
export async function listPinnedAndNew(
  db: Kysely<FeedDB>,
  filter: Omit<FeedFilter, 'sort' | 'after' | 'excludePinned'>,
): Promise<{ pinned: PostState[]; rest: PostState[] }> {
  const rest = { ...filter, sort: 'new' as const, excludePinned: true };
  const rows = await pinnedAndNewPage(
    db,
    { ...feedShapeOf(rest), limit: filter.limit },
    feedValuesOf(rest),
  );
  const pinned: PostState[] = [];
  const others: PostState[] = [];
  for (const row of rows) (row.lead ? pinned : others).push(toState(row));
  return { pinned, rest: others };
}

/** Bookmarked posts, most recently bookmarked first; deleted or no longer visible ones drop out. */
export async function listBookmarked(
  db: Kysely<FeedDB>,
  options: { viewer: ViewerRef; after?: { at: Date; id: string }; limit: number },
): Promise<(PostState & { bookmarkedAt: Date })[]> {
  const viewerId = viewerIdOf(options.viewer);
  const rows = await postRows(db, viewerId, 'excerpt')
    .innerJoin('feed.bookmarks as bm', (j) =>
      j.onRef('bm.postId', '=', 'p.id').on('bm.userId', '=', viewerId),
    )
    .select('bm.createdAt as bookmarkedAt')
    .where(canSeeChannel(viewerId))
    .where(visibleContent(options.viewer, 'p'))
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
      'x.hiddenAt',
      'x.editedAt',
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
  if (row.hiddenAt) answer.hidden = true;
  if (row.editedAt) answer.edited = true;
  return answer;
}

/**
 * Locks a live post row for a change (so concurrent changes to it queue up), returning what
 * permission checks need; undefined when it does not exist, is deleted or is not visible (hidden
 * posts are visible to their author and moderators only).
 */
export async function lockVisiblePost(db: Kysely<FeedDB>, id: string, viewer: ViewerRef) {
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
      sql<boolean>`p.hidden_at is not null`.as('hidden'),
    ])
    .where('p.id', '=', id)
    .where('p.deletedAt', 'is', null)
    .where(canSeeChannel(viewerIdOf(viewer)))
    .where(visibleContent(viewer, 'p'))
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

/** Whether the person follows any channel, tag or person (one index probe). */
export async function followsAnything(db: Kysely<FeedDB>, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom('feed.follows')
    .select(sql<number>`1`.as('one'))
    .where('userId', '=', userId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
