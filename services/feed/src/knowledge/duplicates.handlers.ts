import { RpcError, type RpcHandlers } from '@outloud/bus';
import type { Actor, FeedRpc } from '@outloud/contracts';
import type { Kysely } from 'kysely';
import type { FeedContext } from '../context.js';
import type { FeedDB } from '../db.js';
import { emit, postStateData } from '../events.js';
import { findVisiblePost, loadPostState, lockVisiblePost } from '../posts/posts.repository.js';
import { mayMarkDuplicate } from './knowledge.logic.js';
import {
  knowledgeState,
  repointDuplicates,
  setDuplicateOf,
  type KnowledgeState,
} from './knowledge.repository.js';

type DuplicateHandlers = Pick<RpcHandlers<typeof FeedRpc>, 'markDuplicate' | 'clearDuplicate'>;

const notFound = () => new RpcError('post_not_found', 'No such post.');
const invalidOriginal = (message: string) =>
  new RpcError('validation_failed', message, [{ field: 'of', message }]);

/** Locks a question the actor may close or reopen as a duplicate. */
async function lockQuestion(trx: Kysely<FeedDB>, id: string, actor: Actor) {
  if (!(await lockVisiblePost(trx, id, actor))) throw notFound();
  const question = await knowledgeState(trx, id);
  if (!question) throw notFound();
  if (!mayMarkDuplicate(actor, question.authorId))
    throw new RpcError(
      'forbidden',
      'Only the person who asked, a moderator or an admin can close a question as a duplicate.',
    );
  if (question.kind !== 'question')
    throw new RpcError('validation_failed', 'Only questions can be closed as duplicates.');
  return question;
}

/**
 * The question a duplicate should point to: `of` itself, or the original `of` already points to
 * (no chains). Whoever can read the duplicate must be able to read the original (its title shows
 * on the duplicate), so it lives in the same channel or in a public one.
 */
async function resolveOriginal(
  trx: Kysely<FeedDB>,
  question: KnowledgeState,
  of: string,
  actor: Actor,
): Promise<KnowledgeState> {
  const missing = () => new RpcError('post_not_found', 'No such original question.');
  const lookUp = async (id: string) => {
    if (!(await findVisiblePost(trx, id, actor))) throw missing();
    const found = await knowledgeState(trx, id);
    if (!found || found.kind !== 'question') throw missing();
    return found;
  };
  let original = await lookUp(of);
  if (original.duplicateOf) original = await lookUp(original.duplicateOf);
  // Its title would show on the duplicate to everyone (the author and moderators see it hidden).
  if (original.hidden)
    throw invalidOriginal('That question is hidden by a moderator; choose another original.');
  if (original.id === question.id)
    throw invalidOriginal('That question is already a duplicate of this one.');
  if (original.channelId !== question.channelId && original.visibility !== 'public')
    throw invalidOriginal(
      'The original must be in the same channel or in a public one, so everyone here can read it.',
    );
  return original;
}

/** Closing questions as duplicates of another, and reopening them. */
export function duplicateHandlers(ctx: FeedContext): DuplicateHandlers {
  const { db, clock } = ctx;

  const changed = async (trx: Kysely<FeedDB>, postId: string, actor: Actor, now: Date) => {
    const state = await loadPostState(trx, postId);
    await emit(
      trx,
      ctx,
      'feed.post.updated.v1',
      { ...postStateData(state), changed: ['duplicateOf'] },
      actor,
      now,
    );
  };

  const reply = async (id: string, actor: Actor) => {
    const state = await findVisiblePost(db, id, actor);
    if (!state) throw notFound();
    return { post: state.post };
  };

  return {
    async markDuplicate({ actor, id, input }) {
      if (input.of === id) throw invalidOriginal('A question cannot be a duplicate of itself.');
      const now = clock();
      await db.transaction().execute(async (trx) => {
        const question = await lockQuestion(trx, id, actor);
        const original = await resolveOriginal(trx, question, input.of, actor);
        if (question.duplicateOf === original.id) return;
        await setDuplicateOf(trx, id, original.id);
        await changed(trx, id, actor, now);
        // Questions that pointed here follow to the original, so none points at a duplicate.
        for (const moved of await repointDuplicates(trx, id, original.id))
          await changed(trx, moved, actor, now);
      });
      return reply(id, actor);
    },

    async clearDuplicate({ actor, id }) {
      const now = clock();
      await db.transaction().execute(async (trx) => {
        const question = await lockQuestion(trx, id, actor);
        if (!question.duplicateOf) return;
        await setDuplicateOf(trx, id, null);
        await changed(trx, id, actor, now);
      });
      return reply(id, actor);
    },
  };
}
