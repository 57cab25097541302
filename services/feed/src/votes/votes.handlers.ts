import { RpcError, type RpcHandlers } from '@outloud/bus';
import type { Actor, FeedRpc } from '@outloud/contracts';
import type { Kysely } from 'kysely';
import { lockVisibleAnswer } from '../answers/answers.repository.js';
import type { FeedContext } from '../context.js';
import type { FeedDB } from '../db.js';
import { emit, postStateData } from '../events.js';
import { loadPostState, lockVisiblePost } from '../posts/posts.repository.js';
import { addToAnswerScore, addToPostScore, currentScore, setVote } from './votes.repository.js';

type VoteHandlers = Pick<RpcHandlers<typeof FeedRpc>, 'votePost' | 'voteAnswer'>;

const selfVote = () =>
  new RpcError('forbidden', 'You cannot mark your own contribution as helpful.');

const hiddenVote = () =>
  new RpcError('forbidden', 'Hidden content takes no votes until a moderator restores it.');

/**
 * "Helpful" votes: one per person per post or answer, idempotent, never on one's own nor on
 * hidden content. The post row is locked for the change, so concurrent votes on it queue up and
 * the score stays exact.
 */
export function voteHandlers(ctx: FeedContext): VoteHandlers {
  const { db, clock } = ctx;

  const vote = async (actor: Actor, targetType: 'post' | 'answer', id: string, on: boolean) => {
    const now = clock();
    return db.transaction().execute(async (trx) => {
      let postId: string;
      let targetAuthorId: string;
      let hidden: boolean;
      if (targetType === 'post') {
        const post = await lockVisiblePost(trx, id, actor);
        if (!post) throw new RpcError('post_not_found', 'No such post.');
        postId = post.id;
        targetAuthorId = post.authorId;
        hidden = post.hidden;
      } else {
        const found = await lockVisibleAnswer(trx, id, actor);
        if (!found) throw new RpcError('not_found', 'No such answer.');
        postId = found.post.id;
        targetAuthorId = found.answer.authorId;
        hidden = found.post.hidden || found.answer.hidden;
      }
      if (targetAuthorId === actor.id) throw selfVote();
      // Only moderators reach here with hidden content: votes are for what others can read, and a
      // vote event names its answer by id only, so its score would reach everyone in the thread.
      if (hidden) throw hiddenVote();
      if (!(await setVote(trx, { userId: actor.id, targetType, targetId: id, on, now }))) {
        return { score: await currentScore(trx, targetType, id) };
      }
      const delta = on ? 1 : -1;
      const score =
        targetType === 'post'
          ? await addToPostScore(trx, id, delta)
          : await addToAnswerScore(trx, id, postId, delta);
      await publishVote(trx, { actor, targetType, id, targetAuthorId, postId, on, score, now });
      return { score };
    });
  };

  const publishVote = async (
    trx: Kysely<FeedDB>,
    v: {
      actor: Actor;
      targetType: 'post' | 'answer';
      id: string;
      targetAuthorId: string;
      postId: string;
      on: boolean;
      score: number;
      now: Date;
    },
  ) => {
    const state = await loadPostState(trx, v.postId);
    await emit(
      trx,
      ctx,
      'feed.vote.changed.v1',
      {
        ...postStateData(state),
        targetType: v.targetType,
        targetId: v.id,
        targetAuthorId: v.targetAuthorId,
        voterId: v.actor.id,
        value: v.on ? 1 : 0,
        score: v.score,
      },
      v.actor,
      v.now,
    );
  };

  return {
    votePost: ({ actor, id, input }) => vote(actor, 'post', id, input.value === 1),
    voteAnswer: ({ actor, id, input }) => vote(actor, 'answer', id, input.value === 1),
  };
}
