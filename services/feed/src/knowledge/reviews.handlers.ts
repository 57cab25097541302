import { RpcError, type RpcHandlers } from '@outloud/bus';
import type { Actor, FeedRpc } from '@outloud/contracts';
import type { Kysely } from 'kysely';
import { upsertAuthorRef } from '../authors/authors.repository.js';
import type { FeedContext } from '../context.js';
import type { FeedDB } from '../db.js';
import { emit, postStateData } from '../events.js';
import { findVisiblePost, loadPostState, lockVisiblePost } from '../posts/posts.repository.js';
import {
  checkNextReviewAt,
  mayReview,
  mayTransferReview,
  reviewChange,
} from './knowledge.logic.js';
import { channelVisibleTo, knowledgeState, writeReview } from './knowledge.repository.js';

type ReviewHandlers = Pick<RpcHandlers<typeof FeedRpc>, 'reviewPost' | 'setReviewOwner'>;

const notFound = () => new RpcError('post_not_found', 'No such post.');

/** Locks a post that has a review owner (409 `not_reviewable` otherwise). */
async function lockReviewed(trx: Kysely<FeedDB>, id: string, actor: Actor) {
  if (!(await lockVisiblePost(trx, id, actor))) throw notFound();
  const post = await knowledgeState(trx, id);
  if (!post) throw notFound();
  if (!post.reviewOwnerId)
    throw new RpcError(
      'not_reviewable',
      'Only tips and questions with an accepted answer are reviewed.',
    );
  return { ...post, reviewOwnerId: post.reviewOwnerId };
}

/** "Still true" / "outdated", and handing a review over to someone else. */
export function reviewHandlers(ctx: FeedContext): ReviewHandlers {
  const { db, clock } = ctx;

  const updated = async (
    trx: Kysely<FeedDB>,
    postId: string,
    changed: string[],
    actor: Actor,
    now: Date,
  ) => {
    const state = await loadPostState(trx, postId);
    await emit(trx, ctx, 'feed.post.updated.v1', { ...postStateData(state), changed }, actor, now);
  };

  const reply = async (id: string, actor: Actor) => {
    const state = await findVisiblePost(db, id, actor);
    if (!state) throw notFound();
    return { post: state.post };
  };

  return {
    async reviewPost({ actor, id, input }) {
      const now = clock();
      let chosenDueAt: Date | undefined;
      if (input.nextReviewAt !== undefined) {
        if (input.action !== 'confirm')
          throw new RpcError('validation_failed', 'Only "still true" takes a next review date.', [
            { field: 'nextReviewAt', message: 'only with action confirm' },
          ]);
        const checked = checkNextReviewAt(now, input.nextReviewAt);
        if (!checked.ok)
          throw new RpcError('validation_failed', `The next review date ${checked.message}.`, [
            { field: 'nextReviewAt', message: checked.message },
          ]);
        chosenDueAt = checked.at;
      }
      await db.transaction().execute(async (trx) => {
        const post = await lockReviewed(trx, id, actor);
        if (!mayReview(actor, post.reviewOwnerId))
          throw new RpcError(
            'forbidden',
            'Only its review owner, a moderator or an admin can review this.',
          );
        const { changed, ...columns } = reviewChange(input.action, post, {
          now,
          periodDays: post.reviewPeriodDays,
          chosenDueAt,
        });
        if (Object.keys(columns).length === 0) return;
        await writeReview(trx, id, columns);
        await updated(trx, id, changed, actor, now);
      });
      return reply(id, actor);
    },

    async setReviewOwner({ actor, id, input, owner }) {
      if (owner.id !== input.userId)
        throw new RpcError('validation_failed', 'The new owner is not the person named.', [
          { field: 'userId', message: 'does not match the person found' },
        ]);
      const now = clock();
      await db.transaction().execute(async (trx) => {
        const post = await lockReviewed(trx, id, actor);
        if (!mayTransferReview(actor, { ownerId: post.reviewOwnerId, authorId: post.authorId }))
          throw new RpcError(
            'forbidden',
            'Only its review owner, its author, a moderator or an admin can hand the review over.',
          );
        if (!(await channelVisibleTo(trx, post.channelId, owner.id)))
          throw new RpcError('validation_failed', 'The new owner cannot see this channel.', [
            { field: 'userId', message: 'cannot see the channel' },
          ]);
        if (owner.id === post.reviewOwnerId) return;
        await upsertAuthorRef(trx, owner, now);
        // The new owner has not been told yet: if the review is due, the sweep tells them.
        await writeReview(trx, id, { reviewOwnerId: owner.id, reviewNotifiedAt: null });
        await updated(trx, id, ['reviewOwner'], actor, now);
      });
      return reply(id, actor);
    },
  };
}
