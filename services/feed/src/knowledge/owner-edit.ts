import type { Kysely } from 'kysely';
import type { FeedDB } from '../db.js';
import { ownerEditConfirms, reviewChange } from './knowledge.logic.js';
import { knowledgeState, writeReview } from './knowledge.repository.js';

/**
 * Counts an edit by the review owner as "still true" (a new review date, the outdated mark gone);
 * called in the edit's transaction with the post locked. Returns the Post fields it changed.
 */
export async function confirmOnOwnerEdit(
  trx: Kysely<FeedDB>,
  postId: string,
  edit: { editorId: string; changed: readonly string[]; now: Date },
): Promise<string[]> {
  const post = await knowledgeState(trx, postId);
  if (!post || !ownerEditConfirms(edit.changed, edit.editorId, post.reviewOwnerId)) return [];
  const { changed, ...columns } = reviewChange('confirm', post, {
    now: edit.now,
    periodDays: post.reviewPeriodDays,
  });
  await writeReview(trx, postId, columns);
  return changed;
}
