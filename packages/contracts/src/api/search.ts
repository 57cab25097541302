import Type from 'typebox';
import { AuthorRef, Id, Limits, PageQuery, Tag } from '../common.js';
import { User } from './identity.js';
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
  /** Marked no longer true by its owner or a moderator (ranked lower). */
  outdated: Type.Optional(Type.Boolean()),
  /** A question closed as a duplicate: the original's id, where the answers are. */
  duplicateOf: Type.Optional(Type.Union([Id, Type.Null()])),
  /** With `duplicateOf`: the original's id and title. */
  original: Type.Optional(Type.Union([Type.Object({ id: Id, title: Type.String() }), Type.Null()])),
  /** Hidden by moderation: only its author and moderators get such hits. */
  hidden: Type.Optional(Type.Boolean()),
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

export const SimilarQuery = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 200 }),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 20 })),
  },
  { additionalProperties: false },
);
export type SimilarQuery = Type.Static<typeof SimilarQuery>;

export const SimilarQuestion = Type.Object({
  id: Id,
  title: Type.String(),
  answerCount: Type.Integer(),
  accepted: Type.Boolean(),
});
export type SimilarQuestion = Type.Static<typeof SimilarQuestion>;

export const SimilarResponse = Type.Object({ items: Type.Array(SimilarQuestion) });
export type SimilarResponse = Type.Static<typeof SimilarResponse>;

export const ExpertsQuery = Type.Object(
  {
    topic: Type.String({ minLength: 1, maxLength: 100 }),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
  },
  { additionalProperties: false },
);
export type ExpertsQuery = Type.Static<typeof ExpertsQuery>;

/** A post that shows someone's expertise, by the title readers know it by. */
export const SamplePost = Type.Object({ id: Id, title: Type.String() });
export type SamplePost = Type.Static<typeof SamplePost>;

export const ExpertEvidence = Type.Object({
  answers: Type.Integer(),
  acceptedAnswers: Type.Integer(),
  tips: Type.Integer(),
  helpfulVotes: Type.Integer(),
  /** The same posts as `samplePosts`, kept for clients that only need the ids. */
  samplePostIds: Type.Array(Id),
  /** Up to three of their strongest posts on the topic the asker may see, with titles. */
  samplePosts: Type.Array(SamplePost),
});
export type ExpertEvidence = Type.Static<typeof ExpertEvidence>;

/** An expert as the search service knows them (the gateway adds the full user). */
export const ExpertRef = Type.Object({
  user: AuthorRef,
  score: Type.Number(),
  evidence: ExpertEvidence,
});
export type ExpertRef = Type.Static<typeof ExpertRef>;

export const Expert = Type.Object({ user: User, score: Type.Number(), evidence: ExpertEvidence });
export type Expert = Type.Static<typeof Expert>;

export const ExpertsResponse = Type.Object({
  items: Type.Array(Expert),
  /** The tags the topic was read as (the tag itself, or tags matching free text). */
  topicTags: Type.Array(Type.String()),
});
export type ExpertsResponse = Type.Static<typeof ExpertsResponse>;
