import type { Locale, NotificationType, PostKind, Visibility } from '@outloud/contracts';
import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface ChannelsTable {
  id: string;
  visibility: Visibility;
}
export interface MembersTable {
  channelId: string;
  userId: string;
}
export interface FollowsTable {
  targetType: 'channel' | 'tag' | 'user';
  target: string;
  userId: string;
}
export interface PostsTable {
  id: string;
  channelId: string;
  authorId: string;
  kind: PostKind;
  title: string;
  tags: string[];
  score: number;
  answerCount: number;
  createdAt: Timestamp;
  deleted: ColumnType<boolean, boolean | undefined, boolean>;
  version: number;
}
export interface ParticipantsTable {
  postId: string;
  userId: string;
}
/** People told of a mention in one post or answer (by its id). */
export interface MentionedTable {
  contentId: string;
  userId: string;
}
export interface NotificationsTable {
  id: string;
  recipientId: string;
  type: NotificationType;
  postId: string;
  answerId: string | null;
  actorId: string | null;
  actorHandle: string | null;
  actorDisplayName: string | null;
  eventId: string;
  createdAt: Timestamp;
  readAt: ColumnType<Date | null, Date | null | undefined, Date | null>;
}
export interface PreferencesTable {
  userId: string;
  muted: ColumnType<string[], string[] | undefined, string[]>;
  digest: ColumnType<boolean, boolean | undefined, boolean>;
  updatedAt: Timestamp;
}
export interface DigestsTable {
  id: string;
  userId: string;
  /** `YYYY-MM-DD` (UTC). */
  day: ColumnType<string, string, string>;
  subject: string;
  html: string;
  text: string;
  createdAt: Timestamp;
  sentAt: ColumnType<Date | null, Date | null | undefined, Date | null>;
  attempts: ColumnType<number, number | undefined, number>;
}

/**
 * A person's standing and language, from identity events (suspended and deactivated people hear
 * nothing).
 */
export interface PeopleStatusTable {
  userId: string;
  status: 'active' | 'suspended' | 'deactivated';
  changedAt: Timestamp;
  /** The language the person chose; null: none (their browser's, else English). */
  locale: Locale | null;
  /** The language their browser asks for; emails use it while `locale` is null. */
  browserLocale: Locale | null;
}

export interface NotifyDB {
  'notify.channels': ChannelsTable;
  'notify.members': MembersTable;
  'notify.follows': FollowsTable;
  'notify.posts': PostsTable;
  'notify.participants': ParticipantsTable;
  'notify.mentioned': MentionedTable;
  'notify.notifications': NotificationsTable;
  'notify.preferences': PreferencesTable;
  'notify.digests': DigestsTable;
  'notify.peopleStatus': PeopleStatusTable;
}
