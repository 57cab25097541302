import Type from 'typebox';
import { Channel, CreatePostBody, FeedPage, FeedQuery, Post, PostWithAnswers } from '../api/posts.js';
import { Actor, Id } from '../common.js';
import { FeedVerbs } from '../subjects.js';

/** Request and reply schemas of `svc.feed.*`; every request carries the actor. */
export const FeedRpc = {
  [FeedVerbs.createPost]: {
    request: Type.Object({ actor: Actor, input: CreatePostBody }),
    reply: Type.Object({ post: Post }),
  },
  [FeedVerbs.getPost]: {
    request: Type.Object({ actor: Actor, id: Id }),
    reply: PostWithAnswers,
  },
  [FeedVerbs.listFeed]: {
    request: Type.Object({ actor: Actor, query: FeedQuery }),
    reply: FeedPage,
  },
  [FeedVerbs.listChannels]: {
    request: Type.Object({ actor: Actor }),
    reply: Type.Object({ items: Type.Array(Channel) }),
  },
  [FeedVerbs.accessibleChannels]: {
    request: Type.Object({ actor: Actor }),
    reply: Type.Object({ channelIds: Type.Array(Id) }),
  },
} as const;
