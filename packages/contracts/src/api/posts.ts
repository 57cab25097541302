import Type from 'typebox';
import { AuthorRef, Id, Limits, PageQuery, Tag, Timestamp, Page } from '../common.js';

export const PostKind = Type.Union([
  Type.Literal('tip'),
  Type.Literal('question'),
  Type.Literal('announcement'),
]);
export type PostKind = Type.Static<typeof PostKind>;

export const Visibility = Type.Union([Type.Literal('public'), Type.Literal('private')]);
export type Visibility = Type.Static<typeof Visibility>;

/** A channel's review period for tips and accepted answers (1 day to 10 years). */
export const ReviewPeriodDays = Type.Integer({ minimum: 1, maximum: 3650 });
/** A channel's delay before a waiting question is routed to likely experts (1 min to 1 week). */
export const ExpertRoutingMinutes = Type.Integer({ minimum: 1, maximum: 10_080 });

export const Channel = Type.Object({
  id: Id,
  slug: Type.String(),
  name: Type.String(),
  description: Type.String(),
  visibility: Visibility,
  memberCount: Type.Integer(),
  createdAt: Timestamp,
  ownerId: Type.Union([Id, Type.Null()]),
  /** Whether the actor belongs to the channel (present on reads by a person). */
  isMember: Type.Optional(Type.Boolean()),
  /**
   * How long a tip or accepted answer stays trusted before its owner is asked to review it;
   * null: never (chit-chat channels). Optional only so that older events stay valid.
   */
  reviewPeriodDays: Type.Optional(Type.Union([ReviewPeriodDays, Type.Null()])),
  /**
   * Minutes a question may wait without an answer before likely experts are asked; null: never.
   * Optional only so that older events stay valid.
   */
  expertRoutingMinutes: Type.Optional(Type.Union([ExpertRoutingMinutes, Type.Null()])),
});
export type Channel = Type.Static<typeof Channel>;

export const ChannelList = Type.Object({ items: Type.Array(Channel) });
export type ChannelList = Type.Static<typeof ChannelList>;

export const ChannelResponse = Type.Object({ channel: Channel });
export type ChannelResponse = Type.Static<typeof ChannelResponse>;

export const ChannelSlug = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,39}$' });

export const CreateChannelBody = Type.Object(
  {
    slug: ChannelSlug,
    name: Type.String({ minLength: 1, maxLength: 80 }),
    description: Type.Optional(Type.String({ maxLength: 500 })),
    visibility: Visibility,
  },
  { additionalProperties: false },
);
export type CreateChannelBody = Type.Static<typeof CreateChannelBody>;

export const UpdateChannelBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
    description: Type.Optional(Type.String({ maxLength: 500 })),
    visibility: Type.Optional(Visibility),
    /** null: content here is never due for review. */
    reviewPeriodDays: Type.Optional(Type.Union([ReviewPeriodDays, Type.Null()])),
    /** null: waiting questions here are never routed to experts. */
    expertRoutingMinutes: Type.Optional(Type.Union([ExpertRoutingMinutes, Type.Null()])),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateChannelBody = Type.Static<typeof UpdateChannelBody>;

export const AddMemberBody = Type.Object({ userId: Id }, { additionalProperties: false });
export type AddMemberBody = Type.Static<typeof AddMemberBody>;

export const ChannelMember = Type.Object({
  user: AuthorRef,
  role: Type.Union([Type.Literal('owner'), Type.Literal('member')]),
  joinedAt: Timestamp,
});
export type ChannelMember = Type.Static<typeof ChannelMember>;

export const ChannelMembersPage = Page(ChannelMember);
export type ChannelMembersPage = Type.Static<typeof ChannelMembersPage>;

/** The channel a post is in, as lists show it beside each post. */
export const PostChannel = Type.Object({
  id: Id,
  slug: Type.String(),
  name: Type.String(),
  visibility: Visibility,
});
export type PostChannel = Type.Static<typeof PostChannel>;

/** The original a duplicate question points to. */
export const DuplicateRef = Type.Object({ id: Id, title: Type.String() });
export type DuplicateRef = Type.Static<typeof DuplicateRef>;

export const Post = Type.Object({
  id: Id,
  channelId: Id,
  /** The channel's slug and name (in lists and live pushes), so a card can name it. */
  channel: Type.Optional(PostChannel),
  kind: PostKind,
  title: Type.String(),
  body: Type.String(),
  bodyHtml: Type.String(),
  tags: Type.Array(Type.String()),
  author: AuthorRef,
  score: Type.Integer(),
  /** Live answers everyone may read (hidden ones are not counted, even for those who see them). */
  answerCount: Type.Integer(),
  acceptedAnswerId: Type.Union([Id, Type.Null()]),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  /** Announcements only: pinned to the top of the channel's feed until then. */
  pinnedUntil: Type.Union([Timestamp, Type.Null()]),
  /** Handles mentioned with `@handle` in the body. */
  mentions: Type.Array(Type.String()),
  /** The reading person's own relation to the post (absent in events). */
  viewer: Type.Optional(Type.Object({ voted: Type.Boolean(), bookmarked: Type.Boolean() })),
  /**
   * In lists: `body` is an excerpt (at most 2,000 characters) and `bodyHtml` its rendering; the
   * whole post is at `GET /posts/:id`. Absent (or false) when the body is whole.
   */
  truncated: Type.Optional(Type.Boolean()),
  /**
   * Hidden by a moderator or by several people's flags: only its author and moderators still
   * see it (and then with this mark). Absent or false otherwise.
   */
  hidden: Type.Optional(Type.Boolean()),
  /** Closed by a moderator: no new answers. */
  locked: Type.Optional(Type.Boolean()),
  /** A question closed as a duplicate: the original's id (null: not a duplicate). */
  duplicateOf: Type.Optional(Type.Union([Id, Type.Null()])),
  /** With `duplicateOf`: the original's title, so a thread can link to where the answers are. */
  original: Type.Optional(Type.Union([DuplicateRef, Type.Null()])),
  /** Its owner or a moderator marked it no longer true; lists show the mark and rank it lower. */
  outdated: Type.Optional(Type.Boolean()),
  /** When its owner is next asked whether it is still true (null: never). */
  reviewDueAt: Type.Optional(Type.Union([Timestamp, Type.Null()])),
  /**
   * Who keeps it true: the author of a tip, or of a question's accepted answer (transferable).
   * Null when nothing here is reviewed (open questions, announcements).
   */
  reviewOwner: Type.Optional(Type.Union([AuthorRef, Type.Null()])),
});
export type Post = Type.Static<typeof Post>;

export const Answer = Type.Object({
  id: Id,
  postId: Id,
  body: Type.String(),
  bodyHtml: Type.String(),
  author: AuthorRef,
  score: Type.Integer(),
  accepted: Type.Boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  mentions: Type.Array(Type.String()),
  viewer: Type.Optional(Type.Object({ voted: Type.Boolean() })),
  /** Hidden by a moderator or by flags: only its author and moderators still see it. */
  hidden: Type.Optional(Type.Boolean()),
  /** Whether it was edited after it was written (its history is at `/answers/:id/revisions`). */
  edited: Type.Optional(Type.Boolean()),
});
export type Answer = Type.Static<typeof Answer>;

export const CreatePostBody = Type.Object(
  {
    channelId: Id,
    kind: PostKind,
    title: Type.String({ minLength: 1, maxLength: Limits.titleMax }),
    body: Type.String({ minLength: 1, maxLength: Limits.bodyMax }),
    tags: Type.Optional(Type.Array(Tag, { maxItems: Limits.tagsMax })),
    /** Announcements only. */
    pinnedUntil: Type.Optional(Timestamp),
  },
  { additionalProperties: false },
);
export type CreatePostBody = Type.Static<typeof CreatePostBody>;

export const UpdatePostBody = Type.Object(
  {
    title: Type.Optional(Type.String({ minLength: 1, maxLength: Limits.titleMax })),
    body: Type.Optional(Type.String({ minLength: 1, maxLength: Limits.bodyMax })),
    tags: Type.Optional(Type.Array(Tag, { maxItems: Limits.tagsMax })),
    /** Announcements only; null unpins. */
    pinnedUntil: Type.Optional(Type.Union([Timestamp, Type.Null()])),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdatePostBody = Type.Static<typeof UpdatePostBody>;

/** One earlier version of a post, kept when it was edited. */
export const PostRevision = Type.Object({
  id: Id,
  postId: Id,
  /** Empty once the version was removed from the history (`redacted`). */
  title: Type.String(),
  /** Empty once the version was removed from the history (`redacted`). */
  body: Type.String(),
  tags: Type.Array(Type.String()),
  /** Who made the edit that replaced this version. */
  editedBy: AuthorRef,
  /** When this version was replaced. */
  replacedAt: Timestamp,
  /** Set when the author or an admin removed this version's text from the history. */
  redacted: Type.Optional(Type.Boolean()),
  /** Who removed it, and when (with `redacted`). */
  redactedBy: Type.Optional(AuthorRef),
  redactedAt: Type.Optional(Timestamp),
});
export type PostRevision = Type.Static<typeof PostRevision>;

/** The history, newest first; long histories come in pages (`nextCursor`, `?cursor=`). */
export const RevisionList = Type.Object({
  items: Type.Array(PostRevision),
  nextCursor: Type.Optional(Type.Union([Type.String(), Type.Null()])),
});
export type RevisionList = Type.Static<typeof RevisionList>;

export const AnswerBody = Type.Object(
  { body: Type.String({ minLength: 1, maxLength: Limits.bodyMax }) },
  { additionalProperties: false },
);
export type AnswerBody = Type.Static<typeof AnswerBody>;

export const AnswerResponse = Type.Object({ answer: Answer });
export type AnswerResponse = Type.Static<typeof AnswerResponse>;

export const VoteBody = Type.Object(
  { value: Type.Union([Type.Literal(1), Type.Literal(0)]) },
  { additionalProperties: false },
);
export type VoteBody = Type.Static<typeof VoteBody>;

export const ScoreResponse = Type.Object({ score: Type.Integer() });
export type ScoreResponse = Type.Static<typeof ScoreResponse>;

export const FollowTargetType = Type.Union([
  Type.Literal('channel'),
  Type.Literal('tag'),
  Type.Literal('user'),
]);
export type FollowTargetType = Type.Static<typeof FollowTargetType>;

export const FollowBody = Type.Object(
  { targetType: FollowTargetType, target: Type.String({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: false },
);
export type FollowBody = Type.Static<typeof FollowBody>;

export const Follow = Type.Object({
  targetType: FollowTargetType,
  target: Type.String(),
  createdAt: Timestamp,
});
export type Follow = Type.Static<typeof Follow>;

export const FollowList = Type.Object({ items: Type.Array(Follow) });
export type FollowList = Type.Static<typeof FollowList>;

export const ListQuery = Type.Object({ ...PageQuery }, { additionalProperties: false });
export type ListQuery = Type.Static<typeof ListQuery>;

export const PostResponse = Type.Object({ post: Post });
export type PostResponse = Type.Static<typeof PostResponse>;

/**
 * A thread: the whole post and its first answers (at most 50, fewer when they are long), accepted
 * first; `answersCursor` pages the rest through `GET /posts/:id/answers`.
 */
export const PostWithAnswers = Type.Object({
  post: Post,
  answers: Type.Array(Answer),
  answersCursor: Type.Union([Type.String(), Type.Null()]),
});
export type PostWithAnswers = Type.Static<typeof PostWithAnswers>;

/** More answers of a thread, in the thread's order. */
export const AnswerPage = Page(Answer);
export type AnswerPage = Type.Static<typeof AnswerPage>;

export const FeedSort = Type.Union([
  Type.Literal('new'),
  Type.Literal('top'),
  Type.Literal('unanswered'),
]);
export type FeedSort = Type.Static<typeof FeedSort>;

/** How many tags count as one person's topics (profile skills first, then expertise). */
export const TopicTagsMax = 20;

export const FeedQuery = Type.Object(
  {
    channelId: Type.Optional(Id),
    tag: Type.Optional(Tag),
    kind: Type.Optional(PostKind),
    author: Type.Optional(Type.String({ maxLength: 64 })),
    sort: Type.Optional(FeedSort),
    following: Type.Optional(Type.Boolean()),
    /**
     * `mine`: only posts tagged with one of the reader's topics (their profile skills and the
     * tags they are most known for); with `sort=unanswered`, the open questions they could answer.
     */
    topics: Type.Optional(Type.Literal('mine')),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type FeedQuery = Type.Static<typeof FeedQuery>;

export const FeedPage = Page(Post);
export const PostPage = FeedPage;
export type FeedPage = Type.Static<typeof FeedPage>;
