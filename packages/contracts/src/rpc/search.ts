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
import { Actor, Id } from '../common.js';
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
  /** A person's contribution counts and top tags, over what the actor may see. */
  [SearchVerbs.userStats]: {
    request: scoped({ userId: Id }),
    reply: Type.Object({
      stats: UserStats,
      topTags: Type.Array(Type.Object({ tag: Type.String(), score: Type.Number() })),
    }),
  },
} as const;
