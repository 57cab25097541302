import type { Kysely } from 'kysely';
import type { Meilisearch } from 'meilisearch';
import type { SearchDB } from '../db.js';
import { newestOperations, type IndexOperation } from './index-operations.js';
import type { PostDocument } from './post-document.js';
import { indexedVersions, recordIndexedVersions } from './versions.repository.js';

/**
 * Writes one batch of operations to the `posts` index: newest per post only, nothing older than
 * what is indexed, upserts and deletes sent in order as Meilisearch tasks (which it applies in
 * order), then the versions recorded. Batches run one at a time, so the version check is exact.
 */
export function postsWriter(deps: {
  db: Kysely<SearchDB>;
  meili: Meilisearch;
  index: string;
  clock: () => Date;
}) {
  return async (batch: IndexOperation[]): Promise<void> => {
    const indexed = await indexedVersions(deps.db, [...new Set(batch.map((op) => op.postId))]);
    const operations = newestOperations(batch, indexed);
    if (!operations.length) return;
    const index = deps.meili.index<PostDocument>(deps.index);
    // Consecutive operations of one kind go in one request.
    for (let start = 0; start < operations.length;) {
      const kind = operations[start]!.kind;
      let end = start;
      while (end < operations.length && operations[end]!.kind === kind) end++;
      const run = operations.slice(start, end);
      if (kind === 'upsert') {
        await index.addDocuments(
          run
            .map((op) => (op.kind === 'upsert' ? op.document : undefined))
            .filter((d): d is PostDocument => d !== undefined),
          { primaryKey: 'id' },
        );
      } else {
        await index.deleteDocuments(run.map((op) => op.postId));
      }
      start = end;
    }
    await recordIndexedVersions(
      deps.db,
      operations.map((op) => ({
        postId: op.postId,
        version: op.version,
        deleted: op.kind === 'delete',
      })),
      deps.clock(),
    );
  };
}
