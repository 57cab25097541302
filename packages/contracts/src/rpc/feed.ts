import Type from 'typebox';
import {
  Channel,
  CreatePostBody,
  FeedPage,
  FeedQuery,
  Post,
  PostWithAnswers,
} from '../api/posts.js';
import { UserStats } from '../api/identity.js';
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
  /** Contribution counts and most used tags of one person, over what `actor` may see. */
  [FeedVerbs.userStats]: {
    request: Type.Object({ actor: Actor, userId: Id }),
    reply: Type.Object({
      stats: UserStats,
      topTags: Type.Array(Type.Object({ tag: Type.String(), score: Type.Number() })),
    }),
  },
} as const;
