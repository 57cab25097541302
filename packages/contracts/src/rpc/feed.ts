import Type from 'typebox';
import {
  Answer,
  AnswerBody,
  AnswerPage,
  AnswerResponse,
  ChannelList,
  ChannelMembersPage,
  ChannelResponse,
  CreateChannelBody,
  CreatePostBody,
  FeedPage,
  FeedQuery,
  FollowBody,
  FollowList,
  ListQuery,
  Post,
  PostResponse,
  PostWithAnswers,
  RevisionList,
  ScoreResponse,
  TopicTagsMax,
  UpdateChannelBody,
  UpdatePostBody,
  Visibility,
  VoteBody,
} from '../api/posts.js';
import { DirectoryPage, DirectoryQuery, JoinedChannelList } from '../api/channels.js';
import {
  AnswerRevisionList,
  DuplicateBody,
  FlagBody,
  FlagResponse,
  FreshnessReport,
  ModerationActionBody,
  ModerationActionResponse,
  QueuePage,
  QueueQuery,
  ReviewBody,
  ReviewOwnerBody,
} from '../api/moderation.js';
import { Actor, AuthorRef, Id, Tag } from '../common.js';
import { IMPORT_BATCH_MAX, ImportedItem, ImportItemOutcome } from '../api/imports.js';
import { FeedVerbs } from '../subjects.js';
import { ErasePersonRpc, FeedExportRecordsRpc } from './records.js';

/** Reply of commands that return nothing but success. */
export const Ok = Type.Object({ ok: Type.Literal(true) });
export type Ok = Type.Static<typeof Ok>;

const withActor = <P extends Type.TProperties>(properties: P) =>
  Type.Object({ actor: Actor, ...properties });

/** Request and reply schemas of `svc.feed.*`; every request carries the actor. */
export const FeedRpc = {
  [FeedVerbs.listChannels]: { request: withActor({}), reply: ChannelList },
  [FeedVerbs.accessibleChannels]: {
    request: withActor({}),
    reply: Type.Object({ channelIds: Type.Array(Id) }),
  },
  [FeedVerbs.createChannel]: {
    request: withActor({ input: CreateChannelBody }),
    reply: ChannelResponse,
  },
  [FeedVerbs.getChannel]: { request: withActor({ id: Id }), reply: ChannelResponse },
  [FeedVerbs.updateChannel]: {
    request: withActor({ id: Id, input: UpdateChannelBody }),
    reply: ChannelResponse,
  },
  [FeedVerbs.joinChannel]: { request: withActor({ id: Id }), reply: Ok },
  /** A new person joins the channels everyone is in (#general); returns those channels. */
  [FeedVerbs.welcome]: {
    request: withActor({}),
    reply: Type.Object({ channelIds: Type.Array(Id) }),
  },
  /** `member` comes from identity (the gateway checked that the person exists). */
  [FeedVerbs.addMember]: { request: withActor({ id: Id, member: AuthorRef }), reply: Ok },
  [FeedVerbs.removeMember]: { request: withActor({ id: Id, userId: Id }), reply: Ok },
  [FeedVerbs.listMembers]: {
    request: withActor({ id: Id, query: ListQuery }),
    reply: ChannelMembersPage,
  },
  /** The channels the actor joined with their unread counts and stars (capped like listChannels). */
  [FeedVerbs.joinedChannels]: { request: withActor({}), reply: JoinedChannelList },
  /** Visible channels, searched and sorted, one page at a time. */
  [FeedVerbs.channelDirectory]: {
    request: withActor({ query: DirectoryQuery }),
    reply: DirectoryPage,
  },
  /** Marks a joined channel read up to now, or up to `postId`; nothing for non-members. */
  [FeedVerbs.markChannelRead]: {
    request: withActor({ id: Id, postId: Type.Optional(Id) }),
    reply: Ok,
  },
  /** Stars or unstars a channel the actor joined. */
  [FeedVerbs.setChannelStar]: { request: withActor({ id: Id, on: Type.Boolean() }), reply: Ok },

  [FeedVerbs.createPost]: { request: withActor({ input: CreatePostBody }), reply: PostResponse },
  [FeedVerbs.getPost]: { request: withActor({ id: Id }), reply: PostWithAnswers },
  /**
   * Whether the actor may see a live post, and in which channel it is: the cheap check for
   * subscriptions (no body, no answers). Throws `post_not_found` otherwise.
   */
  [FeedVerbs.postAccess]: {
    request: withActor({ id: Id }),
    reply: Type.Object({
      postId: Id,
      channelId: Id,
      visibility: Visibility,
      /**
       * Hidden by moderation (so only its author and moderators get this answer): the gateway
       * then does not share the answer with other people's subscriptions.
       */
      hidden: Type.Optional(Type.Boolean()),
    }),
  },
  /** The answers of a thread after `query.cursor` (the thread's `answersCursor`). */
  [FeedVerbs.listAnswers]: {
    request: withActor({ postId: Id, query: ListQuery }),
    reply: AnswerPage,
  },
  /** Removes an earlier version's text from a post's history (the author or an admin). */
  [FeedVerbs.redactRevision]: {
    request: withActor({ postId: Id, revisionId: Id }),
    reply: Ok,
  },
  [FeedVerbs.updatePost]: {
    request: withActor({ id: Id, input: UpdatePostBody }),
    reply: PostResponse,
  },
  [FeedVerbs.deletePost]: { request: withActor({ id: Id }), reply: Ok },
  [FeedVerbs.listRevisions]: {
    request: withActor({ id: Id, query: Type.Optional(ListQuery) }),
    reply: RevisionList,
  },
  /**
   * With `query.topics = 'mine'`, `topicTags` are the reader's topics (the gateway resolves them
   * from the profile and the expertise projection); no tags means an empty page.
   */
  [FeedVerbs.listFeed]: {
    request: withActor({
      query: FeedQuery,
      topicTags: Type.Optional(Type.Array(Tag, { maxItems: TopicTagsMax })),
    }),
    reply: FeedPage,
  },

  [FeedVerbs.createAnswer]: {
    request: withActor({ postId: Id, input: AnswerBody }),
    reply: AnswerResponse,
  },
  [FeedVerbs.updateAnswer]: {
    request: withActor({ id: Id, input: AnswerBody }),
    reply: AnswerResponse,
  },
  [FeedVerbs.deleteAnswer]: { request: withActor({ id: Id }), reply: Ok },
  [FeedVerbs.acceptAnswer]: { request: withActor({ id: Id }), reply: AnswerResponse },
  [FeedVerbs.unacceptAnswer]: { request: withActor({ id: Id }), reply: AnswerResponse },

  [FeedVerbs.votePost]: { request: withActor({ id: Id, input: VoteBody }), reply: ScoreResponse },
  [FeedVerbs.voteAnswer]: { request: withActor({ id: Id, input: VoteBody }), reply: ScoreResponse },

  [FeedVerbs.setBookmark]: { request: withActor({ postId: Id, on: Type.Boolean() }), reply: Ok },
  [FeedVerbs.listBookmarks]: { request: withActor({ query: ListQuery }), reply: FeedPage },
  /** For user targets `target` is the user id; `user` comes from identity. */
  [FeedVerbs.setFollow]: {
    request: withActor({ follow: FollowBody, on: Type.Boolean(), user: Type.Optional(AuthorRef) }),
    reply: Ok,
  },
  [FeedVerbs.listFollows]: { request: withActor({}), reply: FollowList },

  /**
   * Whether the actor may see an upload through a live post or answer whose body uses it. Only
   * content written by the upload's owner (`ownerId`, known to the gateway) counts, so nobody can
   * expose another person's upload by putting its address in a post of their own.
   */
  [FeedVerbs.uploadAccess]: {
    request: withActor({ uploadId: Id, ownerId: Id }),
    reply: Type.Object({ visible: Type.Boolean() }),
  },

  /** Flags a post or answer the actor can see; one open flag per person and target. */
  [FeedVerbs.flag]: { request: withActor({ input: FlagBody }), reply: FlagResponse },
  /** Flagged content, most recently flagged first (moderators and admins). */
  [FeedVerbs.moderationQueue]: {
    request: withActor({ query: QueueQuery }),
    reply: QueuePage,
  },
  /** Hide, restore, dismiss, lock, unlock or delete (moderators and admins). */
  [FeedVerbs.moderate]: {
    request: withActor({ input: ModerationActionBody }),
    reply: ModerationActionResponse,
  },
  /** Closes a question as a duplicate of another (the asker, moderators, admins). */
  [FeedVerbs.markDuplicate]: {
    request: withActor({ id: Id, input: DuplicateBody }),
    reply: PostResponse,
  },
  /** Reopens a question closed as a duplicate (the asker, moderators, admins). */
  [FeedVerbs.clearDuplicate]: { request: withActor({ id: Id }), reply: PostResponse },
  /** "Still true" (next review date) or "outdated" (the review owner, moderators, admins). */
  [FeedVerbs.reviewPost]: {
    request: withActor({ id: Id, input: ReviewBody }),
    reply: PostResponse,
  },
  /** Hands the review over to another member (`owner` comes from identity). */
  [FeedVerbs.setReviewOwner]: {
    request: withActor({ id: Id, input: ReviewOwnerBody, owner: AuthorRef }),
    reply: PostResponse,
  },
  /** Per channel: how much reviewed knowledge is current, due or outdated (ld, admin). */
  [FeedVerbs.freshnessReport]: { request: withActor({}), reply: FreshnessReport },
  [FeedVerbs.listAnswerRevisions]: {
    request: withActor({ id: Id, query: Type.Optional(ListQuery) }),
    reply: AnswerRevisionList,
  },
  /** Removes an earlier version's text from an answer's history (the author, moderators, admins). */
  [FeedVerbs.redactAnswerRevision]: {
    request: withActor({ answerId: Id, revisionId: Id }),
    reply: Ok,
  },

  /**
   * Imports a batch of questions and answers from another tool into a channel (admins only).
   * Each item is keyed by (`source`, `externalId`): one imported before is skipped, never
   * changed. Outcomes come back in the order of `items`.
   */
  [FeedVerbs.importContent]: {
    request: withActor({
      source: Type.String({ pattern: '^[a-z0-9][a-z0-9:.-]{0,99}$' }),
      channelId: Id,
      items: Type.Array(ImportedItem, { minItems: 1, maxItems: IMPORT_BATCH_MAX }),
    }),
    reply: Type.Object({ results: Type.Array(ImportItemOutcome) }),
  },

  /**
   * Internal (used to rebuild search): every live post with its answers, channel visibility and
   * version, in id order. Only for an actor with the admin role.
   */
  [FeedVerbs.exportPosts]: {
    request: withActor({
      after: Type.Optional(Id),
      limit: Type.Integer({ minimum: 1, maximum: 1000 }),
    }),
    reply: Type.Object({
      items: Type.Array(
        Type.Object({
          post: Post,
          visibility: Visibility,
          version: Type.Integer(),
          answers: Type.Array(Answer),
        }),
      ),
      nextAfter: Type.Union([Id, Type.Null()]),
    }),
  },
  /** Export pages and account deletion (see `./records.ts`). */
  [FeedVerbs.exportRecords]: FeedExportRecordsRpc,
  [FeedVerbs.erasePerson]: ErasePersonRpc,
} as const;
