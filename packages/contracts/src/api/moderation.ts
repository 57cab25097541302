import Type from 'typebox';
import { AuthorRef, Id, PageQuery, Timestamp, Page } from '../common.js';
import { PostChannel, PostKind } from './posts.js';

/** What can be flagged and moderated. */
export const ModerationTargetType = Type.Union([Type.Literal('post'), Type.Literal('answer')]);
export type ModerationTargetType = Type.Static<typeof ModerationTargetType>;

export const FLAG_REASONS = ['spam', 'off_topic', 'harmful', 'outdated', 'other'] as const;
// Spelled out: a union built with `.map` has the static type `never` in TypeBox.
export const FlagReason = Type.Union([
  Type.Literal('spam'),
  Type.Literal('off_topic'),
  Type.Literal('harmful'),
  Type.Literal('outdated'),
  Type.Literal('other'),
]);
export type FlagReason = (typeof FLAG_REASONS)[number];

/** Why a moderator's action was taken; goes to the audit log and, where it concerns them, the author. */
export const ModerationReason = Type.String({ minLength: 1, maxLength: 500 });

export const FlagBody = Type.Object(
  {
    targetType: ModerationTargetType,
    targetId: Id,
    reason: FlagReason,
    note: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type FlagBody = Type.Static<typeof FlagBody>;

export const FlagStatus = Type.Union([Type.Literal('open'), Type.Literal('resolved')]);
export type FlagStatus = Type.Static<typeof FlagStatus>;

export const Flag = Type.Object({
  id: Id,
  targetType: ModerationTargetType,
  targetId: Id,
  /** The thread the content is in (the post itself, or the answer's question). */
  postId: Id,
  reason: FlagReason,
  note: Type.Union([Type.String(), Type.Null()]),
  reporter: AuthorRef,
  createdAt: Timestamp,
  status: FlagStatus,
  /** How it was resolved (the moderator's action), once it was. */
  resolution: Type.Optional(Type.Union([Type.String(), Type.Null()])),
});
export type Flag = Type.Static<typeof Flag>;

export const FlagResponse = Type.Object({ flag: Flag });
export type FlagResponse = Type.Static<typeof FlagResponse>;

/** The flagged content as the queue shows it: an excerpt, never the whole body. */
export const ModerationTarget = Type.Object({
  type: ModerationTargetType,
  id: Id,
  postId: Id,
  /** The thread's title (for an answer: its question's). */
  title: Type.String(),
  kind: PostKind,
  /** At most 500 characters of the content's text. */
  excerpt: Type.String(),
  author: AuthorRef,
  channel: PostChannel,
  hidden: Type.Boolean(),
  /** The thread is closed to new answers. */
  locked: Type.Boolean(),
  deleted: Type.Boolean(),
  createdAt: Timestamp,
});
export type ModerationTarget = Type.Static<typeof ModerationTarget>;

export const QueueStatus = Type.Union([Type.Literal('open'), Type.Literal('resolved')]);
export type QueueStatus = Type.Static<typeof QueueStatus>;

export const QueueItem = Type.Object({
  target: ModerationTarget,
  /** The newest flags on it (at most 20; `flagCount` has them all). */
  flags: Type.Array(Flag),
  flagCount: Type.Integer({ minimum: 0 }),
  status: QueueStatus,
});
export type QueueItem = Type.Static<typeof QueueItem>;

export const QueueQuery = Type.Object(
  { status: Type.Optional(QueueStatus), ...PageQuery },
  { additionalProperties: false },
);
export type QueueQuery = Type.Static<typeof QueueQuery>;

export const QueuePage = Page(QueueItem);
export type QueuePage = Type.Static<typeof QueuePage>;

export const MODERATION_ACTIONS = [
  'hide',
  'restore',
  'dismiss',
  'lock',
  'unlock',
  'delete',
] as const;
export const ModerationAction = Type.Union([
  Type.Literal('hide'),
  Type.Literal('restore'),
  Type.Literal('dismiss'),
  Type.Literal('lock'),
  Type.Literal('unlock'),
  Type.Literal('delete'),
]);
export type ModerationAction = (typeof MODERATION_ACTIONS)[number];

export const ModerationActionBody = Type.Object(
  {
    targetType: ModerationTargetType,
    targetId: Id,
    action: ModerationAction,
    reason: Type.Optional(ModerationReason),
  },
  { additionalProperties: false },
);
export type ModerationActionBody = Type.Static<typeof ModerationActionBody>;

export const ModerationActionResponse = Type.Object({
  target: ModerationTarget,
  /** Open flags the action resolved. */
  resolvedFlags: Type.Integer({ minimum: 0 }),
});
export type ModerationActionResponse = Type.Static<typeof ModerationActionResponse>;

export const DuplicateBody = Type.Object({ of: Id }, { additionalProperties: false });
export type DuplicateBody = Type.Static<typeof DuplicateBody>;

export const ReviewAction = Type.Union([Type.Literal('confirm'), Type.Literal('outdated')]);
export type ReviewAction = Type.Static<typeof ReviewAction>;

export const ReviewBody = Type.Object(
  { action: ReviewAction, nextReviewAt: Type.Optional(Timestamp) },
  { additionalProperties: false },
);
export type ReviewBody = Type.Static<typeof ReviewBody>;

/** Hands a tip's or accepted answer's review over to another member. */
export const ReviewOwnerBody = Type.Object({ userId: Id }, { additionalProperties: false });
export type ReviewOwnerBody = Type.Static<typeof ReviewOwnerBody>;

/** One earlier version of an answer, kept when it was edited (like a post's). */
export const AnswerRevision = Type.Object({
  id: Id,
  answerId: Id,
  /** Empty once the version was removed from the history (`redacted`). */
  body: Type.String(),
  editedBy: AuthorRef,
  replacedAt: Timestamp,
  redacted: Type.Optional(Type.Boolean()),
  redactedBy: Type.Optional(AuthorRef),
  redactedAt: Type.Optional(Timestamp),
});
export type AnswerRevision = Type.Static<typeof AnswerRevision>;

export const AnswerRevisionList = Type.Object({
  items: Type.Array(AnswerRevision),
  nextCursor: Type.Optional(Type.Union([Type.String(), Type.Null()])),
});
export type AnswerRevisionList = Type.Static<typeof AnswerRevisionList>;

/** How current one channel's reviewed knowledge is, for L&D. */
export const ChannelFreshness = Type.Object({
  channel: PostChannel,
  reviewPeriodDays: Type.Union([Type.Integer(), Type.Null()]),
  /** Tips and accepted answers that have a review owner. */
  reviewed: Type.Integer({ minimum: 0 }),
  /** Of those: due for review now (not yet outdated). */
  due: Type.Integer({ minimum: 0 }),
  /** Of those: marked outdated. */
  outdated: Type.Integer({ minimum: 0 }),
  /** The oldest review date still waiting, if any. */
  oldestDueAt: Type.Union([Timestamp, Type.Null()]),
});
export type ChannelFreshness = Type.Static<typeof ChannelFreshness>;

export const FreshnessReport = Type.Object({ items: Type.Array(ChannelFreshness) });
export type FreshnessReport = Type.Static<typeof FreshnessReport>;

export const RoutingInsightsQuery = Type.Object(
  { days: Type.Optional(Type.Integer({ minimum: 1, maximum: 365 })) },
  { additionalProperties: false },
);
export type RoutingInsightsQuery = Type.Static<typeof RoutingInsightsQuery>;

/** How questions routed to likely experts fared in the last `days` days. */
export const RoutingInsights = Type.Object({
  days: Type.Integer(),
  /** Questions routed to at least one expert. */
  routed: Type.Integer({ minimum: 0 }),
  /** Of those: answered since. */
  answered: Type.Integer({ minimum: 0 }),
  /** Of those: still open and escalated to the channel's owners and L&D. */
  escalated: Type.Integer({ minimum: 0 }),
  /** Median minutes from routing to the first answer (null: none answered). */
  medianMinutesToAnswer: Type.Union([Type.Number(), Type.Null()]),
  /** Experts asked in all. */
  requests: Type.Integer({ minimum: 0 }),
});
export type RoutingInsights = Type.Static<typeof RoutingInsights>;
