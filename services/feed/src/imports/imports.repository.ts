import type { Kysely } from 'kysely';
import type { FeedDB } from '../db.js';
import { rank } from '../posts/ranking.js';

/** `feed.imported_items`: what each imported item became, by its source and its id there. */
interface ImportedItemsTable {
  source: string;
  externalId: string;
  kind: 'question' | 'answer';
  targetId: string;
}
const withImports = (db: Kysely<FeedDB>) =>
  db.withTables<{ 'feed.importedItems': ImportedItemsTable }>();

export interface ImportedTarget {
  kind: 'question' | 'answer';
  targetId: string;
}

/** What these external ids of `source` already became (ids never imported are absent). */
export async function findImported(
  db: Kysely<FeedDB>,
  source: string,
  externalIds: readonly string[],
): Promise<Map<string, ImportedTarget>> {
  if (externalIds.length === 0) return new Map();
  const rows = await withImports(db)
    .selectFrom('feed.importedItems')
    .select(['externalId', 'kind', 'targetId'])
    .where('source', '=', source)
    .where('externalId', 'in', [...new Set(externalIds)])
    .execute();
  return new Map(rows.map((r) => [r.externalId, { kind: r.kind, targetId: r.targetId }]));
}

/**
 * Records that an item becomes `targetId`; false when another run recorded it first (the
 * primary key queues a concurrent run behind this transaction, then it finds the row).
 */
export async function claimImported(
  db: Kysely<FeedDB>,
  row: { source: string; externalId: string } & ImportedTarget,
): Promise<boolean> {
  const claimed = await withImports(db)
    .insertInto('feed.importedItems')
    .values(row)
    .onConflict((oc) => oc.columns(['source', 'externalId']).doNothing())
    .returning('targetId')
    .executeTakeFirst();
  return claimed !== undefined;
}

/** An imported question, with its original date and score; it mentions nobody. */
export async function insertImportedQuestion(
  db: Kysely<FeedDB>,
  row: {
    id: string;
    channelId: string;
    title: string;
    body: string;
    bodyHtml: string;
    tags: string[];
    authorId: string;
    score: number;
    createdAt: Date;
  },
): Promise<void> {
  await db
    .insertInto('feed.posts')
    .values({
      id: row.id,
      channelId: row.channelId,
      kind: 'question',
      title: row.title,
      body: row.body,
      bodyHtml: row.bodyHtml,
      tags: row.tags,
      mentions: [],
      pinnedUntil: null,
      authorId: row.authorId,
      acceptedAnswerId: null,
      score: row.score,
      createdAt: row.createdAt,
      updatedAt: row.createdAt,
      deletedAt: null,
      rank: rank(row.score, row.createdAt),
    })
    .execute();
}

/** An imported answer (its question's count follows), accepted when the source said so. */
export async function insertImportedAnswer(
  db: Kysely<FeedDB>,
  row: {
    id: string;
    postId: string;
    body: string;
    bodyHtml: string;
    authorId: string;
    score: number;
    accepted: boolean;
    createdAt: Date;
  },
): Promise<void> {
  await db
    .insertInto('feed.answers')
    .values({
      id: row.id,
      postId: row.postId,
      body: row.body,
      bodyHtml: row.bodyHtml,
      mentions: [],
      authorId: row.authorId,
      score: row.score,
      accepted: row.accepted,
      createdAt: row.createdAt,
      updatedAt: row.createdAt,
      deletedAt: null,
    })
    .execute();
  await db
    .updateTable('feed.posts')
    .set((eb) => ({
      answerCount: eb('answerCount', '+', 1),
      version: eb('version', '+', 1),
      ...(row.accepted ? { acceptedAnswerId: row.id } : {}),
    }))
    .where('id', '=', row.postId)
    .execute();
}
