import Type from 'typebox';
import { AuthorRef, Id, Limits, PageQuery, Tag } from '../common.js';
import { PostKind } from './posts.js';

export const SearchQuery = Type.Object(
  {
    q: Type.String({ maxLength: 200 }),
    kind: Type.Optional(PostKind),
    tag: Type.Optional(Tag),
    channelId: Type.Optional(Id),
    limit: PageQuery.limit,
  },
  { additionalProperties: false },
);
export type SearchQuery = Type.Static<typeof SearchQuery>;

export const SearchHit = Type.Object({
  id: Id,
  kind: PostKind,
  title: Type.String(),
  /** Escaped text with matches wrapped in `<mark>`. */
  snippet: Type.String(),
  channelId: Id,
  tags: Type.Array(Type.String()),
  author: AuthorRef,
  score: Type.Integer(),
  answerCount: Type.Integer(),
});
export type SearchHit = Type.Static<typeof SearchHit>;

export const SearchResponse = Type.Object({
  hits: Type.Array(SearchHit),
  facets: Type.Object({
    kind: Type.Record(Type.String(), Type.Integer()),
    tags: Type.Record(Type.String(), Type.Integer()),
  }),
  estimatedTotal: Type.Integer(),
});
export type SearchResponse = Type.Static<typeof SearchResponse>;

export const SearchLimits = { defaultLimit: Limits.pageDefault } as const;
