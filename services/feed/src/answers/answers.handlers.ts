import { RpcError, type RpcHandlers } from '@outloud/bus';
import type { FeedRpc } from '@outloud/contracts';
import { v7 as uuidv7 } from 'uuid';
import { upsertAuthor } from '../authors/authors.repository.js';
import { canModify, type FeedContext } from '../context.js';
import { emit, postStateData } from '../events.js';
import { extractMentions } from '../markdown/mentions.js';
import { renderBody } from '../markdown/render-body.js';
import { reviewOfAccepted } from '../knowledge/accepted-review.js';
import { checkOpenForAnswers } from '../knowledge/answering.js';
import { answeringStateOf, writeReview } from '../knowledge/knowledge.repository.js';
import { loadPostState, lockVisiblePost } from '../posts/posts.repository.js';
import { recordAnswerEdit } from './answer-revisions.repository.js';
import {
  insertAnswer,
  loadAnswer,
  lockVisibleAnswer,
  setAcceptedAnswer,
  softDeleteAnswer,
  updateAnswerBody,
} from './answers.repository.js';

type AnswerHandlers = Pick<
  RpcHandlers<typeof FeedRpc>,
  'createAnswer' | 'updateAnswer' | 'deleteAnswer' | 'acceptAnswer' | 'unacceptAnswer'
>;

const answerNotFound = () => new RpcError('not_found', 'No such answer.');

function checkBody(body: string): void {
  if (!body.trim()) {
    throw new RpcError('validation_failed', 'The answer cannot be blank.', [
      { field: 'body', message: 'must not be blank' },
    ]);
  }
}

/** Answers on questions, and the same thing as comments on tips and announcements. */
export function answerHandlers(ctx: FeedContext): AnswerHandlers {
  const { db, clock } = ctx;

  const accept = async (
    actor: Parameters<AnswerHandlers['acceptAnswer']>[0]['actor'],
    id: string,
    on: boolean,
  ) => {
    const now = clock();
    await db.transaction().execute(async (trx) => {
      const found = await lockVisibleAnswer(trx, id, actor);
      if (!found) throw answerNotFound();
      const { post, answer } = found;
      if (post.kind !== 'question')
        throw new RpcError('conflict', 'Only answers to questions can be accepted.');
      if (post.authorId !== actor.id)
        throw new RpcError('forbidden', 'Only the person who asked can accept an answer.');
      if (answer.accepted === on) return;
      await setAcceptedAnswer(trx, post.id, on ? id : null);
      await writeReview(trx, post.id, await reviewOfAccepted(trx, post, on ? answer : null, now));
      const state = await loadPostState(trx, post.id);
      await emit(
        trx,
        ctx,
        'feed.answer.accepted.v1',
        {
          ...postStateData(state),
          answer: on ? await loadAnswer(trx, id) : null,
          previousAnswerId: post.acceptedAnswerId,
        },
        actor,
        now,
      );
    });
    return { answer: await loadAnswer(db, id, actor.id) };
  };

  return {
    async createAnswer({ actor, postId, input }) {
      checkBody(input.body);
      const now = clock();
      const id = uuidv7({ msecs: now.getTime() });
      await db.transaction().execute(async (trx) => {
        const post = await lockVisiblePost(trx, postId, actor.id);
        if (!post) throw new RpcError('post_not_found', 'No such post.');
        checkOpenForAnswers(await answeringStateOf(trx, postId));
        await upsertAuthor(trx, actor, now);
        await insertAnswer(trx, {
          id,
          postId,
          body: input.body,
          bodyHtml: renderBody(input.body),
          mentions: extractMentions(input.body),
          authorId: actor.id,
          now,
        });
        const state = await loadPostState(trx, postId);
        await emit(
          trx,
          ctx,
          'feed.answer.created.v1',
          { ...postStateData(state), answer: await loadAnswer(trx, id) },
          actor,
          now,
        );
      });
      return { answer: await loadAnswer(db, id, actor.id) };
    },

    async updateAnswer({ actor, id, input }) {
      checkBody(input.body);
      const now = clock();
      await db.transaction().execute(async (trx) => {
        const found = await lockVisibleAnswer(trx, id, actor);
        if (!found) throw answerNotFound();
        if (!canModify(actor, found.answer.authorId))
          throw new RpcError('forbidden', 'Only the author or an admin can edit this answer.');
        if (found.answer.body === input.body) return;
        await upsertAuthor(trx, actor, now);
        // The replaced text goes to the answer's history (GET /answers/:id/revisions).
        await recordAnswerEdit(trx, {
          id: uuidv7({ msecs: now.getTime() }),
          answerId: id,
          postId: found.post.id,
          body: found.answer.body,
          editedBy: actor.id,
          now,
        });
        await updateAnswerBody(trx, id, found.post.id, {
          body: input.body,
          bodyHtml: renderBody(input.body),
          mentions: extractMentions(input.body),
          now,
        });
        const state = await loadPostState(trx, found.post.id);
        await emit(
          trx,
          ctx,
          'feed.answer.updated.v1',
          { ...postStateData(state), answer: await loadAnswer(trx, id) },
          actor,
          now,
        );
      });
      return { answer: await loadAnswer(db, id, actor.id) };
    },

    async deleteAnswer({ actor, id }) {
      const now = clock();
      await db.transaction().execute(async (trx) => {
        const found = await lockVisibleAnswer(trx, id, actor);
        if (!found) throw answerNotFound();
        if (!canModify(actor, found.answer.authorId))
          throw new RpcError('forbidden', 'Only the author or an admin can delete this answer.');
        await softDeleteAnswer(trx, id, found.post.id, now);
        if (found.answer.accepted)
          await writeReview(trx, found.post.id, await reviewOfAccepted(trx, found.post, null, now));
        const state = await loadPostState(trx, found.post.id);
        await emit(
          trx,
          ctx,
          'feed.answer.deleted.v1',
          { ...postStateData(state), answerId: id, authorId: found.answer.authorId },
          actor,
          now,
        );
      });
      return { ok: true };
    },

    acceptAnswer: ({ actor, id }) => accept(actor, id, true),
    unacceptAnswer: ({ actor, id }) => accept(actor, id, false),
  };
}
