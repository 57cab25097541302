import type {
  DeliveryStatus,
  Locale,
  Notification,
  NotificationType,
  PostKind,
  Visibility,
  WebhookEvent,
  WebhookPreset,
} from '@outloud/contracts';
import type { WebhookMessage } from './webhooks/webhook-messages.js';
import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface ChannelsTable {
  id: string;
  visibility: Visibility;
  ownerId: ColumnType<string | null, string | null | undefined, string | null>;
  /** Minutes a question waits before experts are asked; null: the service's default. */
  routingDelayMinutes: ColumnType<number | null, number | null | undefined, number | null>;
  /** The channel's owner turned routing off. */
  routingOff: ColumnType<boolean, boolean | undefined, boolean>;
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
  hidden: ColumnType<boolean, boolean | undefined, boolean>;
  locked: ColumnType<boolean, boolean | undefined, boolean>;
  duplicateOf: ColumnType<string | null, string | null | undefined, string | null>;
}
/** An answer's author and hidden state, for the notifications that point to it. */
export interface AnswersTable {
  id: string;
  postId: string;
  authorId: string;
  hidden: boolean;
  /** The post's version when this was written (answer changes bump it). */
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
  detail: ColumnType<NotificationDetail | null, string | null | undefined, string | null>;
}
/** What a notification says beyond its post (`Notification.detail`). */
export type NotificationDetail = NonNullable<Notification['detail']>;
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

/** One question's way through expert routing, kept for insights. */
export interface RoutingsTable {
  postId: string;
  askerId: string;
  askerHandle: string | null;
  askerDisplayName: string | null;
  askedAt: Timestamp;
  routedAt: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** Experts asked. */
  requests: ColumnType<number, number | undefined, number>;
  escalatedAt: ColumnType<Date | null, Date | null | undefined, Date | null>;
  firstAnswerAt: ColumnType<Date | null, Date | null | undefined, Date | null>;
}
export type ExpertRequestKind = 'expert' | 'escalation';
/** Someone asked about a question: never twice, and counted for the daily cap. */
export interface ExpertRequestsTable {
  postId: string;
  userId: string;
  kind: ExpertRequestKind;
  requestedAt: Timestamp;
}

type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;

/** An outgoing webhook (admins manage them); `secret` signs every delivery and never leaves. */
export interface WebhooksTable {
  id: string;
  url: string;
  secret: string;
  events: WebhookEvent[];
  preset: WebhookPreset;
  unansweredHours: Nullable<number>;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  disabledReason: Nullable<string>;
  disabledAt: Nullable<Date>;
  /** When admins were told that Outloud turned it off. */
  adminsNotifiedAt: Nullable<Date>;
  failureCount: ColumnType<number, number | undefined, number>;
  failingSince: Nullable<Date>;
  lastDeliveryAt: Nullable<Date>;
  createdBy: string;
  createdAt: Timestamp;
}
/** One event on its way to one webhook (unique per webhook and event key). */
export interface WebhookDeliveriesTable {
  id: string;
  webhookId: string;
  event: WebhookEvent;
  eventKey: string;
  message: ColumnType<WebhookMessage, string, string>;
  status: ColumnType<DeliveryStatus, DeliveryStatus | undefined, DeliveryStatus>;
  attempts: ColumnType<number, number | undefined, number>;
  responseCode: Nullable<number>;
  durationMs: Nullable<number>;
  error: Nullable<string>;
  createdAt: Timestamp;
  nextAttemptAt: Nullable<Date>;
}
/** A public question a webhook waits on: `question.unanswered` at `dueAt` unless answered. */
export interface WebhookWaitsTable {
  webhookId: string;
  postId: string;
  dueAt: Timestamp;
  message: ColumnType<WebhookMessage, string, string>;
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
  'notify.answers': AnswersTable;
  'notify.routings': RoutingsTable;
  'notify.expertRequests': ExpertRequestsTable;
  'notify.webhooks': WebhooksTable;
  'notify.webhookDeliveries': WebhookDeliveriesTable;
  'notify.webhookWaits': WebhookWaitsTable;
}
