import { RpcError, type RpcHandlers } from '@outloud/bus';
import {
  Limits,
  type AuthorRef,
  type SearchHit,
  type SearchResponse,
  type SearchRpc,
} from '@outloud/contracts';
import { sql, type Kysely } from 'kysely';
import type { Meilisearch } from 'meilisearch';
import type { SearchDB } from '../db.js';
import { findExperts, personStats } from '../expertise/expertise.repository.js';
import { MARK_END, MARK_START, type PostDocument } from '../indexing/post-document.js';
import { buildFilter } from './filter.js';
import type { MeiliSearcher } from './meili-search.js';
import type { PeopleCache } from './people-cache.js';
import { linkFor, loadLinkedPosts, mayOpen } from './posts.repository.js';
import { escapeHtml, toSnippetHtml } from './snippet.js';

const EMPTY: SearchResponse = { hits: [], facets: { kind: {}, tags: {} }, estimatedTotal: 0 };
const TAG = new RegExp(Limits.tagPattern);

export interface QueryDeps {
  db: Kysely<SearchDB>;
  meili: Meilisearch;
  searcher: MeiliSearcher;
  /** Authors' current names and pictures, kept between searches. */
  people: PeopleCache;
  postsIndex: () => string;
  clock: () => Date;
}

/** The fields of a post document a hit shows (highlighted text comes in `_formatted`). */
const HIT_FIELDS: (keyof PostDocument)[] = [
  'id',
  'postId',
  'kind',
  'title',
  'channelId',
  'tags',
  'authorId',
  'authorHandle',
  'authorDisplayName',
  'score',
  'answerCount',
  'outdated',
  'duplicateOf',
  'hidden',
];

/** The people (name, handle, picture) behind the given ids, as search knows them now. */
async function currentPeople(
  db: Kysely<SearchDB>,
  ids: readonly string[],
): Promise<Map<string, AuthorRef>> {
  if (!ids.length) return new Map();
  const rows = await db
    .selectFrom('search.people')
    .select(['id', 'handle', 'displayName', 'avatarUrl'])
    .where('id', '=', sql<string>`any(${ids}::uuid[])`)
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
        .where('deleted', '=', false)
        .where('hidden', '=', false)
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
    async search({ actor, channelIds, query }) {
      // Hidden content only for its author and moderators: the filter keeps it out of hits,
      // facets and the estimated total alike for everyone else.
      const filter = buildFilter(channelIds, query, { hiddenShownTo: actor });
      if (!filter) return EMPTY;
      let result;
      try {
        result = await deps.searcher.search<PostDocument>(deps.postsIndex(), {
          q: query.q,
          filter,
          limit: query.limit ?? Limits.pageDefault,
          facets: ['kind', 'tags'],
          // Whole bodies and answers would travel (and be parsed) for nothing: the excerpt is
          // taken from the cropped, highlighted text.
          attributesToRetrieve: HIT_FIELDS,
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
      const people = await deps.people.get(
        result.hits.map((hit) => hit.authorId),
        (missing) => currentPeople(deps.db, missing),
      );
      // Originals of duplicates as they are now, linked only where the reader may open them.
      const originals = await loadLinkedPosts(
        deps.db,
        result.hits.flatMap((hit) => (hit.duplicateOf ? [hit.duplicateOf] : [])),
      );
      // A hidden answer's own document is shown as its post, which may match as well: one hit
      // per post. (Deliberate shortcut: for the few who get hidden content, facets and the
      // estimated total may count such a post twice.)
      const seen = new Set<string>();
      const unique = result.hits.filter((hit) => {
        const postId = hit.postId ?? hit.id;
        if (seen.has(postId)) return false;
        seen.add(postId);
        return true;
      });
      return {
        hits: unique.map((hit): SearchHit => {
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
          const original = hit.duplicateOf
            ? linkFor(originals.get(hit.duplicateOf), channelIds, actor)
            : null;
          return {
            // Documents written before hidden answers had their own lack `postId`.
            id: hit.postId ?? hit.id,
            kind: hit.kind,
            title: hit.title,
            snippet: snippet ? toSnippetHtml(snippet) : escapeHtml(formatted?.body ?? ''),
            channelId: hit.channelId,
            tags: hit.tags,
            author: people.get(hit.authorId) ?? {
              id: hit.authorId,
              handle: hit.authorHandle,
              displayName: hit.authorDisplayName,
            },
            score: hit.score,
            answerCount: hit.answerCount,
            outdated: hit.outdated === true,
            duplicateOf: original?.id ?? null,
            original,
            ...(hit.hidden ? { hidden: true } : {}),
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
      // Never hidden questions, whoever asks: this list is a suggestion, not a search.
      const filter = buildFilter(channelIds, { q: query.title, kind: 'question' });
      if (!filter) return { items: [] };
      const limit = query.limit ?? 5;
      let hits;
      try {
        hits = (
          await posts().search(query.title, {
            filter,
            limit: limit * 2,
            attributesToRetrieve: ['id', 'title', 'answerCount', 'accepted', 'duplicateOf'],
          })
        ).hits;
      } catch (error) {
        throw unavailable(error);
      }
      // A duplicate leads to its original, where the answers are, when the reader may open it
      // (otherwise the duplicate itself stays: it is a question they may read).
      const originals = await loadLinkedPosts(
        deps.db,
        hits.flatMap((h) => (h.duplicateOf ? [h.duplicateOf] : [])),
      );
      const suggestions = hits.map((h) => {
        const original = h.duplicateOf ? originals.get(h.duplicateOf) : undefined;
        return original && mayOpen(original, channelIds, undefined)
          ? {
              id: original.id,
              title: original.title,
              answerCount: original.answerCount,
              accepted: original.accepted,
            }
          : { id: h.id, title: h.title, answerCount: h.answerCount, accepted: h.accepted };
      });
      // The most relevant questions, then those already answered (accepted first) ahead of the
      // rest, keeping relevance order within each group; each question once.
      const rank = (h: { accepted: boolean; answerCount: number }) =>
        h.accepted ? 0 : h.answerCount > 0 ? 1 : 2;
      const seen = new Set<string>();
      return {
        items: suggestions
          .map((h, position) => ({ h, position }))
          .sort((a, b) => rank(a.h) - rank(b.h) || a.position - b.position)
          .filter(({ h }) => {
            if (seen.has(h.id)) return false;
            seen.add(h.id);
            return true;
          })
          .slice(0, limit)
          .map(({ h }) => h),
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

    async routingCandidates({ topic, tags, channelIds, limit }) {
      // The tags the asker chose are the question's topic; a question without tags is read by
      // its words, as `/experts` reads free text. (Adding the words' tags to chosen ones would
      // mostly add noise: a whole title matches nearly everything on its common words.)
      const topicTagsOf = tags.length ? tags : await topicTags(topic, channelIds);
      const rows = await findExperts(deps.db, {
        channelIds,
        tags: topicTagsOf,
        limit,
        now: deps.clock(),
      });
      return { items: rows.map((r) => ({ userId: r.userId, score: r.score })) };
    },
  };
}
