import type { Kysely } from 'kysely';
import type { FeedDB } from '../db.js';
import { reviewDueAfter } from './knowledge.logic.js';
import { reviewPeriodOf, type ReviewColumns } from './knowledge.repository.js';

/**
 * A question's review follows its accepted answer: the answer's author keeps it true from now on,
 * with a fresh date (and no outdated mark); with no accepted answer there is nothing to review.
 */
export async function reviewOfAccepted(
  db: Kysely<FeedDB>,
  post: { channelId: string },
  accepted: { authorId: string } | null,
  now: Date,
): Promise<ReviewColumns> {
  const fresh = { reviewNotifiedAt: null, reviewedAt: null, outdatedAt: null };
  if (!accepted) return { ...fresh, reviewOwnerId: null, reviewDueAt: null };
  const dueAt = reviewDueAfter(now, await reviewPeriodOf(db, post.channelId));
  return { ...fresh, reviewOwnerId: accepted.authorId, reviewDueAt: dueAt };
}
