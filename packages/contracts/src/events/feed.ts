import Type from 'typebox';
import { Post, Visibility } from '../api/posts.js';
import { Id } from '../common.js';
import { Envelope } from './envelope.js';

/** Where a post lives and who may see it; carried so consumers never call back into feed. */
export const ChannelRef = Type.Object({ id: Id, visibility: Visibility });

export const PostCreatedV1 = Envelope(
  'feed.post.created.v1',
  Type.Object({ post: Post, channel: ChannelRef, version: Type.Integer() }),
);
export type PostCreatedV1 = Type.Static<typeof PostCreatedV1>;

/** Every event the feed service publishes, by event type. */
export const FeedEvents = {
  'feed.post.created.v1': { subject: 'evt.feed.post.created', schema: PostCreatedV1 },
} as const;
export type FeedEventType = keyof typeof FeedEvents;
export type FeedEvent = PostCreatedV1;
