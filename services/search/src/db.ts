import type { ColumnType } from 'kysely';

export interface IndexedPostsTable {
  postId: string;
  version: number;
  deleted: ColumnType<boolean, boolean | undefined, boolean>;
  indexedAt: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** Tables of the `search` schema. */
export interface SearchDB {
  'search.indexedPosts': IndexedPostsTable;
}
