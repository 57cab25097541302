import { RpcError, type RpcHandlers } from '@outloud/bus';
import { Limits, type SearchResponse, type SearchRpc } from '@outloud/contracts';
import type { Meilisearch } from 'meilisearch';
import { MARK_END, MARK_START, type PostDocument } from '../indexing/post-document.js';
import { buildFilter } from './filter.js';
import { escapeHtml, toSnippetHtml } from './snippet.js';

const EMPTY: SearchResponse = { hits: [], facets: { kind: {}, tags: {} }, estimatedTotal: 0 };

/** Answers `svc.search.search`, never returning a post outside the actor's visible channels. */
export function searchHandlers(deps: {
  meili: Meilisearch;
  postsIndex: string;
}): RpcHandlers<typeof SearchRpc> {
  return {
    async search({ channelIds, query }) {
      const filter = buildFilter(channelIds, query);
      if (!filter) return EMPTY;
      let result;
      try {
        result = await deps.meili.index<PostDocument>(deps.postsIndex).search(query.q, {
          filter,
          limit: query.limit ?? Limits.pageDefault,
          facets: ['kind', 'tags'],
          attributesToHighlight: ['title', 'body'],
          attributesToCrop: ['body'],
          cropLength: 32,
          highlightPreTag: MARK_START,
          highlightPostTag: MARK_END,
        });
      } catch (error) {
        throw new RpcError('search_unavailable', 'Search is temporarily unavailable.', undefined, {
          cause: error,
        });
      }
      return {
        hits: result.hits.map((hit) => {
          const formatted = hit._formatted;
          const bodyMatched = formatted?.body?.includes(MARK_START) ?? false;
          return {
            id: hit.id,
            kind: hit.kind,
            title: hit.title,
            // Prefer the body excerpt around a match; otherwise show the highlighted title.
            snippet:
              bodyMatched || !formatted?.title
                ? toSnippetHtml(formatted?.body ?? escapeHtml(hit.body))
                : toSnippetHtml(formatted.title),
            channelId: hit.channelId,
            tags: hit.tags,
            author: {
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
  };
}
