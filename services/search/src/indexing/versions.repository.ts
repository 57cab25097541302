import type { Kysely } from 'kysely';
import type { SearchDB } from '../db.js';

/** The version of a post last written to the index, if any. */
export async function indexedVersion(
  db: Kysely<SearchDB>,
  postId: string,
): Promise<number | undefined> {
  const row = await db
    .selectFrom('search.indexedPosts')
    .select('version')
    .where('postId', '=', postId)
    .executeTakeFirst();
  return row?.version;
}

/** Records that `version` is indexed, unless a newer version got there first. */
export async function recordIndexedVersion(
  db: Kysely<SearchDB>,
  postId: string,
  version: number,
  deleted: boolean,
  now: Date,
): Promise<void> {
  await db
    .insertInto('search.indexedPosts')
    .values({ postId, version, deleted, indexedAt: now })
    .onConflict((oc) =>
      oc
        .column('postId')
        .doUpdateSet({ version, deleted, indexedAt: now })
        .where('search.indexedPosts.version', '<', version),
    )
    .execute();
}
