import type { Meilisearch } from 'meilisearch';

/**
 * Settings of the `posts` index, applied idempotently at start. Title outranks tags, which
 * outrank the body; visibility and channel are filterable so every query can be confined to
 * what the actor may see.
 */
export const POSTS_INDEX_SETTINGS = {
  searchableAttributes: ['title', 'tags', 'body', 'authorDisplayName', 'authorHandle'],
  filterableAttributes: [
    'channelId',
    'visibility',
    'kind',
    'tags',
    'authorId',
    'accepted',
    'answerCount',
  ],
  sortableAttributes: ['createdAt', 'score'],
  displayedAttributes: ['*'],
  typoTolerance: { enabled: true },
  pagination: { maxTotalHits: 1000 },
  faceting: { maxValuesPerFacet: 50 },
};

export async function ensurePostsIndex(client: Meilisearch, uid: string): Promise<void> {
  const created = await client.createIndex(uid, { primaryKey: 'id' }).waitTask({ timeout: 30_000 });
  if (created.status === 'failed' && created.error?.code !== 'index_already_exists') {
    throw new Error(`could not create index ${uid}: ${created.error?.message}`);
  }
  const task = await client
    .index(uid)
    .updateSettings(POSTS_INDEX_SETTINGS)
    .waitTask({ timeout: 30_000 });
  if (task.status === 'failed')
    throw new Error(`could not configure index ${uid}: ${task.error?.message}`);
}
