import type { PostDocument } from './post-document.js';

/** A change to the `posts` index, tagged with the post version it brings the index to. */
export type IndexOperation =
  | { kind: 'upsert'; postId: string; version: number; document: PostDocument }
  | { kind: 'delete'; postId: string; version: number };

/**
 * Keeps, per post, only the newest operation of a batch and drops those not newer than what the
 * index already has: events may arrive twice or out of order, and the result must not depend
 * on it. Order of first appearance is kept.
 */
export function newestOperations(
  operations: IndexOperation[],
  indexed: ReadonlyMap<string, number>,
): IndexOperation[] {
  const newest = new Map<string, IndexOperation>();
  for (const op of operations) {
    const seen = newest.get(op.postId);
    if (!seen || op.version > seen.version) newest.set(op.postId, op);
  }
  return [...newest.values()].filter((op) => op.version > (indexed.get(op.postId) ?? 0));
}
