import type { Kysely } from 'kysely';
import type { SearchDB } from '../db.js';

/** The versions of the given posts last written to the index. */
export async function indexedVersions(
  db: Kysely<SearchDB>,
  postIds: string[],
): Promise<Map<string, number>> {
  if (!postIds.length) return new Map();
  const rows = await db
    .selectFrom('search.indexedPosts')
    .select(['postId', 'version'])
    .where('postId', 'in', postIds)
    .execute();
  return new Map(rows.map((r) => [r.postId, r.version]));
}

/** Records the versions just written, never lowering one (another writer may have gone further). */
export async function recordIndexedVersions(
  db: Kysely<SearchDB>,
  entries: { postId: string; version: number; deleted: boolean }[],
  now: Date,
): Promise<void> {
  if (!entries.length) return;
  await db
    .insertInto('search.indexedPosts')
    .values(entries.map((e) => ({ ...e, indexedAt: now })))
    .onConflict((oc) =>
      oc
        .column('postId')
        .doUpdateSet((eb) => ({
          version: eb.ref('excluded.version'),
          deleted: eb.ref('excluded.deleted'),
          indexedAt: eb.ref('excluded.indexedAt'),
        }))
        .whereRef('search.indexedPosts.version', '<', 'excluded.version'),
    )
    .execute();
}
