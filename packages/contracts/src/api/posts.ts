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

export const Channel = Type.Object({
  id: Id,
  slug: Type.String(),
  name: Type.String(),
  description: Type.String(),
  visibility: Visibility,
  memberCount: Type.Integer(),
  createdAt: Timestamp,
});
export type Channel = Type.Static<typeof Channel>;

export const ChannelList = Type.Object({ items: Type.Array(Channel) });
export type ChannelList = Type.Static<typeof ChannelList>;

export const Post = Type.Object({
  id: Id,
  channelId: Id,
  kind: PostKind,
  title: Type.String(),
  body: Type.String(),
  bodyHtml: Type.String(),
  tags: Type.Array(Type.String()),
  author: AuthorRef,
  score: Type.Integer(),
  answerCount: Type.Integer(),
  acceptedAnswerId: Type.Union([Id, Type.Null()]),
  createdAt: Timestamp,
  updatedAt: Timestamp,
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
});
export type Answer = Type.Static<typeof Answer>;

export const CreatePostBody = Type.Object(
  {
    channelId: Id,
    kind: PostKind,
    title: Type.String({ minLength: 1, maxLength: Limits.titleMax }),
    body: Type.String({ minLength: 1, maxLength: Limits.bodyMax }),
    tags: Type.Optional(Type.Array(Tag, { maxItems: Limits.tagsMax })),
  },
  { additionalProperties: false },
);
export type CreatePostBody = Type.Static<typeof CreatePostBody>;

export const PostResponse = Type.Object({ post: Post });
export type PostResponse = Type.Static<typeof PostResponse>;

export const PostWithAnswers = Type.Object({ post: Post, answers: Type.Array(Answer) });
export type PostWithAnswers = Type.Static<typeof PostWithAnswers>;

export const FeedSort = Type.Union([
  Type.Literal('new'),
  Type.Literal('top'),
  Type.Literal('unanswered'),
]);
export type FeedSort = Type.Static<typeof FeedSort>;

export const FeedQuery = Type.Object(
  {
    channelId: Type.Optional(Id),
    tag: Type.Optional(Tag),
    kind: Type.Optional(PostKind),
    author: Type.Optional(Type.String({ maxLength: 64 })),
    sort: Type.Optional(FeedSort),
    following: Type.Optional(Type.Boolean()),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type FeedQuery = Type.Static<typeof FeedQuery>;

export const FeedPage = Page(Post);
export type FeedPage = Type.Static<typeof FeedPage>;
