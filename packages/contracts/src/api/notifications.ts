import Type from 'typebox';
import { AuthorRef, Id, PageQuery, Timestamp } from '../common.js';
import { PostKind } from './posts.js';

export const NOTIFICATION_TYPES = [
  'mention',
  'answer',
  'accepted',
  'reply',
  'followed_post',
  'announcement',
  'expert_request',
  'review_due',
  'flag_resolved',
] as const;
export const NotificationType = Type.Union([
  Type.Literal('mention'),
  Type.Literal('answer'),
  Type.Literal('accepted'),
  Type.Literal('reply'),
  Type.Literal('followed_post'),
  Type.Literal('announcement'),
  /** A question waiting for an answer was routed to you as a likely expert (or escalated). */
  Type.Literal('expert_request'),
  /** Something you own is due for review: still true, edit, or outdated? */
  Type.Literal('review_due'),
  /** A moderator acted on content you wrote or flagged. */
  Type.Literal('flag_resolved'),
]);
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

export const Notification = Type.Object({
  id: Id,
  type: NotificationType,
  postId: Id,
  /** The answer concerned (answers, replies, accepts, mentions in an answer). */
  answerId: Type.Union([Id, Type.Null()]),
  actor: Type.Union([AuthorRef, Type.Null()]),
  /** The post as it is now, so a list can show its title without another request. */
  post: Type.Object({ id: Id, title: Type.String(), kind: PostKind, channelId: Id }),
  createdAt: Timestamp,
  readAt: Type.Union([Timestamp, Type.Null()]),
  /**
   * What happened, for types that need more than the post: the moderator's action and reason
   * (`flag_resolved`), or why a question reached you (`expert_request`: `expert` or `escalation`).
   */
  detail: Type.Optional(
    Type.Object({
      action: Type.Optional(Type.String({ maxLength: 32 })),
      reason: Type.Optional(Type.String({ maxLength: 500 })),
    }),
  ),
});
export type Notification = Type.Static<typeof Notification>;

export const NotificationListQuery = Type.Object(
  { unread: Type.Optional(Type.Boolean()), ...PageQuery },
  { additionalProperties: false },
);
export type NotificationListQuery = Type.Static<typeof NotificationListQuery>;

export const NotificationList = Type.Object({
  items: Type.Array(Notification),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
  unreadCount: Type.Integer({ minimum: 0 }),
});
export type NotificationList = Type.Static<typeof NotificationList>;

export const MarkReadBody = Type.Union([
  Type.Object(
    { ids: Type.Array(Id, { minItems: 1, maxItems: 500 }) },
    { additionalProperties: false },
  ),
  Type.Object({ all: Type.Literal(true) }, { additionalProperties: false }),
]);
export type MarkReadBody = Type.Static<typeof MarkReadBody>;

const typeSwitches = Object.fromEntries(NOTIFICATION_TYPES.map((t) => [t, Type.Boolean()])) as {
  [K in NotificationType]: Type.TBoolean;
};

export const NotificationPreferences = Type.Object({
  /** Which kinds of notification the person receives. */
  types: Type.Object(typeSwitches),
  /** Whether a daily digest is sent. */
  digest: Type.Boolean(),
});
export type NotificationPreferences = Type.Static<typeof NotificationPreferences>;

export const NotificationPreferencesUpdate = Type.Object(
  {
    types: Type.Optional(
      Type.Partial(Type.Object(typeSwitches, { additionalProperties: false }), {
        additionalProperties: false,
      }),
    ),
    digest: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type NotificationPreferencesUpdate = Type.Static<typeof NotificationPreferencesUpdate>;

export const DigestPreview = Type.Object({
  subject: Type.String(),
  html: Type.String(),
  text: Type.String(),
  /** False when there is nothing to tell: no digest would be sent today. */
  hasContent: Type.Boolean(),
});
export type DigestPreview = Type.Static<typeof DigestPreview>;
