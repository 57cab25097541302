import type { Meilisearch } from 'meilisearch';

/**
 * Settings of the `posts` index, applied idempotently at start. Title outranks tags, which
 * outrank the body, then the accepted answer, then other answers; visibility, channel and
 * moderation state are filterable so every query can be confined to what the reader may see.
 */
export const POSTS_INDEX_SETTINGS = {
  /**
   * Meilisearch's default rules with `outdated:asc` after `words` and `typo`: a document that
   * matches more of the words as typed still comes first, outdated or not (an old how-to that
   * answers the whole question beats a current post that mentions half of it), but among
   * documents matching the same words with the same typos the current ones come first, before
   * proximity or the attribute that matched are weighed: repeating the words in its title must
   * not lift stale content over a current post that says the same thing in its body.
   */
  rankingRules: ['words', 'typo', 'outdated:asc', 'proximity', 'attribute', 'sort', 'exactness'],
  searchableAttributes: [
    'title',
    'tags',
    'body',
    'acceptedAnswer',
    'answers',
    'authorDisplayName',
    'authorHandle',
  ],
  filterableAttributes: [
    'channelId',
    'visibility',
    'kind',
    'tags',
    'authorId',
    'accepted',
    'answered',
    'answerCount',
    'hidden',
    'hiddenViewerId',
    'outdated',
    'duplicateOf',
    'type',
  ],
  sortableAttributes: ['createdAt', 'score', 'accepted', 'answerCount'],
  displayedAttributes: ['*'],
  typoTolerance: { enabled: true },
  pagination: { maxTotalHits: 1000 },
  faceting: { maxValuesPerFacet: 50 },
  // Facet counts are used, searching within facet values is not: skip building its structures.
  facetSearch: false,
};

/** Settings of the `people` index. */
export const PEOPLE_INDEX_SETTINGS = {
  searchableAttributes: ['handle', 'displayName', 'topTags'],
  filterableAttributes: ['topTags'],
  displayedAttributes: ['*'],
};

/** Creates the index if missing and applies its settings; waits for both. */
export async function ensureIndex(
  client: Meilisearch,
  uid: string,
  settings: object,
): Promise<void> {
  const created = await client.createIndex(uid, { primaryKey: 'id' }).waitTask({ timeout: 30_000 });
  if (created.status === 'failed' && created.error?.code !== 'index_already_exists') {
    throw new Error(`could not create index ${uid}: ${created.error?.message}`);
  }
  const task = await client.index(uid).updateSettings(settings).waitTask({ timeout: 30_000 });
  if (task.status === 'failed')
    throw new Error(`could not configure index ${uid}: ${task.error?.message}`);
}
