import Type from 'typebox';
import { UserStats } from '../api/identity.js';
import {
  ExpertRef,
  ExpertsQuery,
  SearchQuery,
  SearchResponse,
  SimilarQuery,
  SimilarResponse,
} from '../api/search.js';
import { Actor, Id, Tag } from '../common.js';
import { SearchVerbs } from '../subjects.js';

/** `channelIds` is the set the actor may see, computed by the gateway from feed. */
const scoped = <P extends Type.TProperties>(properties: P) =>
  Type.Object({ actor: Actor, channelIds: Type.Array(Id), ...properties });

export const SearchRpc = {
  [SearchVerbs.search]: { request: scoped({ query: SearchQuery }), reply: SearchResponse },
  [SearchVerbs.similar]: { request: scoped({ query: SimilarQuery }), reply: SimilarResponse },
  [SearchVerbs.experts]: {
    request: scoped({ query: ExpertsQuery }),
    reply: Type.Object({ items: Type.Array(ExpertRef), topicTags: Type.Array(Type.String()) }),
  },
  /**
   * Internal (expert routing): people ranked as `experts` ranks them for a question's tags and
   * words, counting evidence only in `channelIds`; the caller filters who may see the question.
   */
  [SearchVerbs.routingCandidates]: {
    request: Type.Object({
      topic: Type.String({ minLength: 1, maxLength: 300 }),
      tags: Type.Array(Tag, { maxItems: 10 }),
      channelIds: Type.Array(Id, { maxItems: 5000 }),
      limit: Type.Integer({ minimum: 1, maximum: 50 }),
    }),
    reply: Type.Object({
      items: Type.Array(Type.Object({ userId: Id, score: Type.Number() })),
    }),
  },
  /** A person's contribution counts and top tags, over what the actor may see. */
  [SearchVerbs.userStats]: {
    request: scoped({ userId: Id }),
    reply: Type.Object({
      stats: UserStats,
      topTags: Type.Array(Type.Object({ tag: Type.String(), score: Type.Number() })),
    }),
  },
} as const;
