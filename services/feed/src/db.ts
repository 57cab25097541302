import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface ChannelsTable {
  id: Generated<string>;
  slug: string;
  name: string;
  description: Generated<string>;
  visibility: 'public' | 'private';
  ownerId: string | null;
  /** Everyone joins it on sign-up. */
  autoJoin: Generated<boolean>;
  createdAt: DefaultedTimestamp;
  updatedAt: DefaultedTimestamp;
  /** When the newest post was written (null: none yet); the directory's activity sort. */
  lastPostAt: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** Kept by a trigger on `channel_members`; never written by the application. */
  memberCount: ColumnType<number, never, never>;
  /** Days until a tip or accepted answer here is due for review; null: never. */
  reviewPeriodDays: ColumnType<number | null, number | null | undefined, number | null>;
  /** Minutes a question waits before likely experts are asked; null: never. */
  expertRoutingMinutes: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface ChannelMembersTable {
  channelId: string;
  userId: string;
  joinedAt: DefaultedTimestamp;
  role: ColumnType<'owner' | 'member', 'owner' | 'member' | undefined, 'owner' | 'member'>;
  /** Posts by others after this are unread; joining starts it at the moment of joining. */
  lastReadAt: DefaultedTimestamp;
  starred: Generated<boolean>;
}

export interface AuthorsTable {
  id: string;
  handle: string;
  displayName: string;
  updatedAt: DefaultedTimestamp;
  /** The person's picture (`/api/v1/avatars/…`), from identity events. */
  avatarUrl: ColumnType<string | null, string | null | undefined, string | null>;
  /** When the identity change behind `avatarUrl` (and the name) happened. */
  profileAt: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface PostsTable {
  id: string;
  channelId: string;
  kind: 'tip' | 'question' | 'announcement';
  title: string;
  body: string;
  bodyHtml: string;
  tags: string[];
  authorId: string;
  score: Generated<number>;
  answerCount: Generated<number>;
  acceptedAnswerId: string | null;
  version: Generated<number>;
  createdAt: Timestamp;
  updatedAt: Timestamp;
  deletedAt: Timestamp | null;
  pinnedUntil: Timestamp | null;
  mentions: string[];
  rank: Generated<number>;
  /** Hidden by a moderator (`hiddenBy`) or by flags (`hiddenBy` null). */
  hiddenAt: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  hiddenBy: ColumnType<string | null, string | null | undefined, string | null>;
  /** Closed to new answers by a moderator. */
  lockedAt: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  lockedBy: ColumnType<string | null, string | null | undefined, string | null>;
  /** A question closed as a duplicate of this one. */
  duplicateOf: ColumnType<string | null, string | null | undefined, string | null>;
  /** Who keeps a tip or accepted answer true (null: nothing to review). */
  reviewOwnerId: ColumnType<string | null, string | null | undefined, string | null>;
  reviewDueAt: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** When the owner was last told the review is due (so the sweep tells them once per date). */
  reviewNotifiedAt: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  reviewedAt: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  outdatedAt: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface AnswersTable {
  id: string;
  postId: string;
  body: string;
  bodyHtml: string;
  authorId: string;
  score: Generated<number>;
  accepted: Generated<boolean>;
  createdAt: Timestamp;
  updatedAt: Timestamp;
  deletedAt: Timestamp | null;
  mentions: string[];
  hiddenAt: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  hiddenBy: ColumnType<string | null, string | null | undefined, string | null>;
  /** When it was last edited (null: never). */
  editedAt: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface PostRevisionsTable {
  id: string;
  postId: string;
  title: string;
  body: string;
  tags: string[];
  editedBy: string;
  replacedAt: Timestamp;
  /** Set (with `redactedBy`) when the version's text was removed from the history. */
  redactedAt: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  redactedBy: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface VotesTable {
  userId: string;
  targetType: 'post' | 'answer';
  targetId: string;
  createdAt: DefaultedTimestamp;
}

export interface BookmarksTable {
  userId: string;
  postId: string;
  createdAt: Timestamp;
}

export interface FollowsTable {
  userId: string;
  targetType: 'channel' | 'tag' | 'user';
  target: string;
  createdAt: DefaultedTimestamp;
}

/** Which uploads a post or answer body uses (`sourceId`: the post's or the answer's id). */
export interface PostUploadsTable {
  sourceId: string;
  uploadId: string;
  postId: string;
  answerId: string | null;
  /** Who wrote the body: only the uploader's own content makes an upload visible. */
  authorId: string;
}

export interface FlagsTable {
  id: string;
  targetType: 'post' | 'answer';
  targetId: string;
  postId: string;
  reporterId: string;
  reason: 'spam' | 'off_topic' | 'harmful' | 'outdated' | 'other';
  note: string | null;
  createdAt: DefaultedTimestamp;
  resolvedAt: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  resolvedBy: ColumnType<string | null, string | null | undefined, string | null>;
  /** The moderator's action that resolved it. */
  resolution: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface AnswerRevisionsTable {
  id: string;
  answerId: string;
  postId: string;
  body: string;
  editedBy: string;
  replacedAt: Timestamp;
  redactedAt: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  redactedBy: ColumnType<string | null, string | null | undefined, string | null>;
}

/** Tables of the `feed` schema, as Kysely sees them (camelCase via CamelCasePlugin). */
export interface FeedDB {
  'feed.channels': ChannelsTable;
  'feed.channelMembers': ChannelMembersTable;
  'feed.authors': AuthorsTable;
  'feed.posts': PostsTable;
  'feed.answers': AnswersTable;
  'feed.postRevisions': PostRevisionsTable;
  'feed.votes': VotesTable;
  'feed.bookmarks': BookmarksTable;
  'feed.follows': FollowsTable;
  'feed.postUploads': PostUploadsTable;
  'feed.flags': FlagsTable;
  'feed.answerRevisions': AnswerRevisionsTable;
}
