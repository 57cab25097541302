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
  createdAt: DefaultedTimestamp;
}

export interface ChannelMembersTable {
  channelId: string;
  userId: string;
  joinedAt: DefaultedTimestamp;
}

export interface AuthorsTable {
  id: string;
  handle: string;
  displayName: string;
  updatedAt: DefaultedTimestamp;
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
}

/** Tables of the `feed` schema, as Kysely sees them (camelCase via CamelCasePlugin). */
export interface FeedDB {
  'feed.channels': ChannelsTable;
  'feed.channelMembers': ChannelMembersTable;
  'feed.authors': AuthorsTable;
  'feed.posts': PostsTable;
  'feed.answers': AnswersTable;
}
