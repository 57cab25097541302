import { RpcError, type RpcHandlers } from '@outloud/bus';
import { Limits, type AuthorRef, type SearchResponse, type SearchRpc } from '@outloud/contracts';
import { sql, type Kysely } from 'kysely';
import type { Meilisearch } from 'meilisearch';
import type { SearchDB } from '../db.js';
import { findExperts, personStats } from '../expertise/expertise.repository.js';
import { MARK_END, MARK_START, type PostDocument } from '../indexing/post-document.js';
import { buildFilter } from './filter.js';
import type { MeiliSearcher } from './meili-search.js';
import { escapeHtml, toSnippetHtml } from './snippet.js';

const EMPTY: SearchResponse = { hits: [], facets: { kind: {}, tags: {} }, estimatedTotal: 0 };
const TAG = new RegExp(Limits.tagPattern);

export interface QueryDeps {
  db: Kysely<SearchDB>;
  meili: Meilisearch;
  searcher: MeiliSearcher;
  postsIndex: () => string;
  clock: () => Date;
}

/** The people (name, handle, picture) behind the given ids, as search knows them now. */
async function currentPeople(
  db: Kysely<SearchDB>,
  ids: readonly string[],
): Promise<Map<string, AuthorRef>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const rows = await db
    .selectFrom('search.people')
    .select(['id', 'handle', 'displayName', 'avatarUrl'])
    .where('id', 'in', unique)
    .execute();
  return new Map(
    rows.map((r) => [
      r.id,
      r.avatarUrl
        ? { id: r.id, handle: r.handle, displayName: r.displayName, avatarUrl: r.avatarUrl }
        : { id: r.id, handle: r.handle, displayName: r.displayName },
    ]),
  );
}

function unavailable(error: unknown): RpcError {
  return new RpcError('search_unavailable', 'Search is temporarily unavailable.', undefined, {
    cause: error,
  });
}

/** Answers `svc.search.*`, never returning a post outside the reader's visible channels. */
export function searchHandlers(deps: QueryDeps): RpcHandlers<typeof SearchRpc> {
  const posts = () => deps.meili.index<PostDocument>(deps.postsIndex());

  /** A topic is a tag when it is one; otherwise the tags of the posts that match it as text. */
  const topicTags = async (topic: string, channelIds: readonly string[]): Promise<string[]> => {
    const normalized = topic.trim().toLowerCase();
    if (!channelIds.length) return [];
    if (TAG.test(normalized)) {
      const known = await deps.db
        .selectFrom('search.postFacts')
        .select('postId')
        .where('tags', '@>', sql<string[]>`array[${normalized}]::text[]`)
        .where('channelId', 'in', channelIds as string[])
        .limit(1)
        .executeTakeFirst();
      if (known) return [normalized];
    }
    const filter = buildFilter(channelIds, { q: topic });
    if (!filter) return [];
    try {
      const result = await posts().search(topic, { filter, limit: 0, facets: ['tags'] });
      return Object.entries(result.facetDistribution?.tags ?? {})
        .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
        .slice(0, 3)
        .map(([tag]) => tag);
    } catch (error) {
      throw unavailable(error);
    }
  };

  return {
    async search({ channelIds, query }) {
      const filter = buildFilter(channelIds, query);
      if (!filter) return EMPTY;
      let result;
      try {
        result = await deps.searcher.search<PostDocument>(deps.postsIndex(), {
          q: query.q,
          filter,
          limit: query.limit ?? Limits.pageDefault,
          facets: ['kind', 'tags'],
          attributesToHighlight: ['title', 'body', 'acceptedAnswer', 'answers'],
          attributesToCrop: ['body', 'acceptedAnswer', 'answers'],
          cropLength: 32,
          highlightPreTag: MARK_START,
          highlightPostTag: MARK_END,
        });
      } catch (error) {
        throw unavailable(error);
      }
      // Names and pictures as they are now: a document keeps the name it was indexed with until
      // it is rewritten.
      const people = await currentPeople(
        deps.db,
        result.hits.map((hit) => hit.authorId),
      );
      return {
        hits: result.hits.map((hit) => {
          const formatted = hit._formatted;
          // The excerpt around a match: the body, else an answer, else the title.
          const candidates = [
            formatted?.body,
            formatted?.acceptedAnswer,
            ...(formatted?.answers ?? []),
          ];
          const matched = candidates.find(
            (text): text is string => typeof text === 'string' && text.includes(MARK_START),
          );
          const snippet =
            matched ?? (formatted?.title?.includes(MARK_START) ? formatted.title : undefined);
          return {
            id: hit.id,
            kind: hit.kind,
            title: hit.title,
            snippet: snippet ? toSnippetHtml(snippet) : escapeHtml(formatted?.body ?? hit.body),
            channelId: hit.channelId,
            tags: hit.tags,
            author: people.get(hit.authorId) ?? {
              id: hit.authorId,
              handle: hit.authorHandle,
              displayName: hit.authorDisplayName,
            },
            score: hit.score,
            answerCount: hit.answerCount,
          };
        }),
        facets: {
          kind: result.facetDistribution?.kind ?? {},
          tags: result.facetDistribution?.tags ?? {},
        },
        estimatedTotal: result.estimatedTotalHits ?? result.hits.length,
      };
    },

    async similar({ channelIds, query }) {
      const filter = buildFilter(channelIds, { q: query.title, kind: 'question' });
      if (!filter) return { items: [] };
      const limit = query.limit ?? 5;
      let hits;
      try {
        // The most relevant questions, then those already answered (accepted first) ahead of the
        // rest, keeping relevance order within each group.
        hits = (
          await posts().search(query.title, {
            filter,
            limit: limit * 2,
            attributesToRetrieve: ['id', 'title', 'answerCount', 'accepted'],
          })
        ).hits;
      } catch (error) {
        throw unavailable(error);
      }
      const rank = (h: { accepted: boolean; answerCount: number }) =>
        h.accepted ? 0 : h.answerCount > 0 ? 1 : 2;
      return {
        items: hits
          .map((h, position) => ({ h, position }))
          .sort((a, b) => rank(a.h) - rank(b.h) || a.position - b.position)
          .slice(0, limit)
          .map(({ h }) => ({
            id: h.id,
            title: h.title,
            answerCount: h.answerCount,
            accepted: h.accepted,
          })),
      };
    },

    async experts({ channelIds, query }) {
      const tags = await topicTags(query.topic, channelIds);
      const rows = await findExperts(deps.db, {
        channelIds,
        tags,
        limit: query.limit ?? 10,
        now: deps.clock(),
      });
      return {
        topicTags: tags,
        items: rows.map((r) => ({
          user: { id: r.userId, handle: r.handle, displayName: r.displayName },
          score: r.score,
          evidence: r.evidence,
        })),
      };
    },

    async userStats({ channelIds, userId }) {
      return personStats(deps.db, { userId, channelIds, now: deps.clock() });
    },
  };
}
