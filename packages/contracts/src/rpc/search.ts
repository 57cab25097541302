import Type from 'typebox';
import { SearchQuery, SearchResponse } from '../api/search.js';
import { Actor, Id } from '../common.js';
import { SearchVerbs } from '../subjects.js';

export const SearchRpc = {
  [SearchVerbs.search]: {
    /** `channelIds` is the set the actor may see, computed by the gateway from feed. */
    request: Type.Object({ actor: Actor, channelIds: Type.Array(Id), query: SearchQuery }),
    reply: SearchResponse,
  },
} as const;
