import { RpcError, type RpcHandlers } from '@outloud/bus';
import type { Actor, Answer, FeedRpc } from '@outloud/contracts';
import { pageAnswers } from '../answers/answers.repository.js';
import { jsonBytes, REPLY_BUDGET_BYTES } from '../bounded.js';
import type { FeedContext } from '../context.js';
import { decodeAnswersCursor, encodeAnswersCursor, type AnswersCursor } from './cursor.js';
import { findPostAccess, findVisiblePost } from './posts.repository.js';

type ThreadHandlers = Pick<RpcHandlers<typeof FeedRpc>, 'getPost' | 'listAnswers' | 'postAccess'>;

/** A thread shows at most this many answers at once (shared/API.md). */
export const THREAD_ANSWERS = 50;

const notFound = () => new RpcError('post_not_found', 'No such post.');

function positionOf(answer: Answer): AnswersCursor {
  return {
    accepted: answer.accepted,
    score: answer.score,
    createdAt: new Date(answer.createdAt),
    id: answer.id,
  };
}

/** Reading a thread: the post with its first answers, the rest in pages, and the cheap check. */
export function threadHandlers(ctx: FeedContext): ThreadHandlers {
  const { db } = ctx;

  const page = async (
    postId: string,
    viewer: Actor,
    options: { after?: AnswersCursor; limit: number; budget: number },
  ) => {
    const { answers, more } = await pageAnswers(db, { postId, viewer, ...options });
    const last = answers.at(-1);
    return { answers, cursor: more && last ? encodeAnswersCursor(positionOf(last)) : null };
  };

  return {
    async getPost({ actor, id }) {
      const state = await findVisiblePost(db, id, actor);
      if (!state) throw notFound();
      const { answers, cursor } = await page(id, actor, {
        limit: THREAD_ANSWERS,
        budget: REPLY_BUDGET_BYTES - jsonBytes(state.post),
      });
      return { post: state.post, answers, answersCursor: cursor };
    },

    async listAnswers({ actor, postId, query }) {
      // Parsed first: a bad cursor is a 400 whoever asks.
      const after = query.cursor === undefined ? undefined : decodeAnswersCursor(query.cursor);
      if (!(await findPostAccess(db, postId, actor))) throw notFound();
      const { answers, cursor } = await page(postId, actor, {
        after,
        limit: query.limit ?? THREAD_ANSWERS,
        budget: REPLY_BUDGET_BYTES,
      });
      return { items: answers, nextCursor: cursor };
    },

    async postAccess({ actor, id }) {
      const access = await findPostAccess(db, id, actor);
      if (!access) throw notFound();
      return access;
    },
  };
}
