import Type from 'typebox';
import { Answer, Channel, FollowTargetType, Post, Visibility } from '../api/posts.js';
import { Id, Timestamp } from '../common.js';
import { ModerationAction, ModerationTargetType } from '../api/moderation.js';
import { Envelope } from './envelope.js';

/**
 * Events of the feed service. Each carries what consumers need (channel visibility, tags,
 * mentions, authors, and the post as it now is with its version) so search and notifications
 * never call back into the feed.
 */

/** Where content lives and who may see it. */
export const ChannelRef = Type.Object({ id: Id, visibility: Visibility });
export type ChannelRef = Type.Static<typeof ChannelRef>;

/** The post as it is after the change, and its version (a counter bumped by every change). */
const PostState = { post: Post, channel: ChannelRef, version: Type.Integer({ minimum: 1 }) };

/**
 * Content brought in from another tool (see `importContent`): projected and counted as evidence
 * like any other, but nobody is notified, asked as an expert or checked in for it.
 */
const ImportedMark = { imported: Type.Optional(Type.Literal(true)) };

export const PostCreatedV1 = Envelope(
  'feed.post.created.v1',
  Type.Object({ ...PostState, ...ImportedMark }),
);
export const PostUpdatedV1 = Envelope(
  'feed.post.updated.v1',
  Type.Object({ ...PostState, changed: Type.Array(Type.String()) }),
);
export const PostDeletedV1 = Envelope(
  'feed.post.deleted.v1',
  Type.Object({
    postId: Id,
    authorId: Id,
    channel: ChannelRef,
    version: Type.Integer({ minimum: 1 }),
  }),
);
export const AnswerCreatedV1 = Envelope(
  'feed.answer.created.v1',
  Type.Object({ answer: Answer, ...PostState, ...ImportedMark }),
);
export const AnswerUpdatedV1 = Envelope(
  'feed.answer.updated.v1',
  Type.Object({ answer: Answer, ...PostState }),
);
export const AnswerDeletedV1 = Envelope(
  'feed.answer.deleted.v1',
  Type.Object({ answerId: Id, authorId: Id, ...PostState }),
);
export const AnswerAcceptedV1 = Envelope(
  'feed.answer.accepted.v1',
  Type.Object({
    /** The accepted answer, or null when the question's author withdrew the acceptance. */
    answer: Type.Union([Answer, Type.Null()]),
    previousAnswerId: Type.Union([Id, Type.Null()]),
    ...PostState,
  }),
);
export const VoteChangedV1 = Envelope(
  'feed.vote.changed.v1',
  Type.Object({
    targetType: Type.Union([Type.Literal('post'), Type.Literal('answer')]),
    targetId: Id,
    targetAuthorId: Id,
    voterId: Id,
    value: Type.Union([Type.Literal(0), Type.Literal(1)]),
    score: Type.Integer(),
    ...PostState,
  }),
);
export const FollowChangedV1 = Envelope(
  'feed.follow.changed.v1',
  Type.Object({
    userId: Id,
    targetType: FollowTargetType,
    target: Type.String(),
    following: Type.Boolean(),
  }),
);
export const ChannelCreatedV1 = Envelope(
  'feed.channel.created.v1',
  Type.Object({ channel: Channel }),
);
export const ChannelUpdatedV1 = Envelope(
  'feed.channel.updated.v1',
  Type.Object({ channel: Channel }),
);
export const MembershipChangedV1 = Envelope(
  'feed.membership.changed.v1',
  Type.Object({
    channel: ChannelRef,
    userId: Id,
    member: Type.Boolean(),
    memberCount: Type.Integer(),
  }),
);

/**
 * A moderator acted on flagged content (the content's own change, e.g. `hidden`, travels as
 * `post.updated` / `answer.updated` too). Notifications tell the author and the flaggers.
 */
export const ModerationAppliedV1 = Envelope(
  'feed.moderation.applied.v1',
  Type.Object({
    action: ModerationAction,
    targetType: ModerationTargetType,
    targetId: Id,
    postId: Id,
    /** The content's author. */
    authorId: Id,
    /** People whose open flags this action resolved. */
    flaggerIds: Type.Array(Id, { maxItems: 500 }),
    reason: Type.Union([Type.String(), Type.Null()]),
    channel: ChannelRef,
  }),
);
/** A tip or accepted answer reached its review date; its owner is asked whether it is still true. */
export const PostReviewDueV1 = Envelope(
  'feed.post.review_due.v1',
  Type.Object({
    postId: Id,
    ownerId: Id,
    title: Type.String(),
    dueAt: Timestamp,
    channel: ChannelRef,
  }),
);

export type PostCreatedV1 = Type.Static<typeof PostCreatedV1>;
export type PostUpdatedV1 = Type.Static<typeof PostUpdatedV1>;
export type PostDeletedV1 = Type.Static<typeof PostDeletedV1>;
export type AnswerCreatedV1 = Type.Static<typeof AnswerCreatedV1>;
export type AnswerUpdatedV1 = Type.Static<typeof AnswerUpdatedV1>;
export type AnswerDeletedV1 = Type.Static<typeof AnswerDeletedV1>;
export type AnswerAcceptedV1 = Type.Static<typeof AnswerAcceptedV1>;
export type VoteChangedV1 = Type.Static<typeof VoteChangedV1>;
export type FollowChangedV1 = Type.Static<typeof FollowChangedV1>;
export type ChannelCreatedV1 = Type.Static<typeof ChannelCreatedV1>;
export type ChannelUpdatedV1 = Type.Static<typeof ChannelUpdatedV1>;
export type MembershipChangedV1 = Type.Static<typeof MembershipChangedV1>;
export type ModerationAppliedV1 = Type.Static<typeof ModerationAppliedV1>;
export type PostReviewDueV1 = Type.Static<typeof PostReviewDueV1>;

/** Every event the feed service publishes, by event type, with its subject and schema. */
export const FeedEvents = {
  'feed.post.created.v1': { subject: 'evt.feed.post.created', schema: PostCreatedV1 },
  'feed.post.updated.v1': { subject: 'evt.feed.post.updated', schema: PostUpdatedV1 },
  'feed.post.deleted.v1': { subject: 'evt.feed.post.deleted', schema: PostDeletedV1 },
  'feed.answer.created.v1': { subject: 'evt.feed.answer.created', schema: AnswerCreatedV1 },
  'feed.answer.updated.v1': { subject: 'evt.feed.answer.updated', schema: AnswerUpdatedV1 },
  'feed.answer.deleted.v1': { subject: 'evt.feed.answer.deleted', schema: AnswerDeletedV1 },
  'feed.answer.accepted.v1': { subject: 'evt.feed.answer.accepted', schema: AnswerAcceptedV1 },
  'feed.vote.changed.v1': { subject: 'evt.feed.vote.changed', schema: VoteChangedV1 },
  'feed.follow.changed.v1': { subject: 'evt.feed.follow.changed', schema: FollowChangedV1 },
  'feed.channel.created.v1': { subject: 'evt.feed.channel.created', schema: ChannelCreatedV1 },
  'feed.channel.updated.v1': { subject: 'evt.feed.channel.updated', schema: ChannelUpdatedV1 },
  'feed.membership.changed.v1': {
    subject: 'evt.feed.membership.changed',
    schema: MembershipChangedV1,
  },
  'feed.moderation.applied.v1': {
    subject: 'evt.feed.moderation.applied',
    schema: ModerationAppliedV1,
  },
  'feed.post.review_due.v1': { subject: 'evt.feed.post.review_due', schema: PostReviewDueV1 },
} as const;
export type FeedEventType = keyof typeof FeedEvents;
export type FeedEvent =
  | PostCreatedV1
  | PostUpdatedV1
  | PostDeletedV1
  | AnswerCreatedV1
  | AnswerUpdatedV1
  | AnswerDeletedV1
  | AnswerAcceptedV1
  | VoteChangedV1
  | FollowChangedV1
  | ChannelCreatedV1
  | ChannelUpdatedV1
  | MembershipChangedV1
  | ModerationAppliedV1
  | PostReviewDueV1;
/** The data of one event type. */
export type FeedEventData<K extends FeedEventType> = Extract<FeedEvent, { type: K }>['data'];
