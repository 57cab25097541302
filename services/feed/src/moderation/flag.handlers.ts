import { RpcError, type RpcHandlers } from '@outloud/bus';
import type { Actor, FeedRpc, ModerationTargetType } from '@outloud/contracts';
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { lockVisibleAnswer } from '../answers/answers.repository.js';
import { upsertAuthor } from '../authors/authors.repository.js';
import type { FeedContext } from '../context.js';
import type { FeedDB } from '../db.js';
import { lockVisiblePost } from '../posts/posts.repository.js';
import { countOpenFlags, insertFlag, loadFlag } from './flags.repository.js';
import { emitContentChange } from './moderation.events.js';
import { DEFAULT_FLAG_HIDE_THRESHOLD, reachesHideThreshold } from './moderation.logic.js';
import { setHidden } from './targets.repository.js';

type FlagHandlers = Pick<RpcHandlers<typeof FeedRpc>, 'flag'>;

/** The target as the flagger sees it (404 when they cannot), locked for the change. */
async function lockFlaggable(
  trx: Kysely<FeedDB>,
  actor: Actor,
  type: ModerationTargetType,
  id: string,
) {
  if (type === 'post') {
    const post = await lockVisiblePost(trx, id, actor);
    if (!post) throw new RpcError('post_not_found', 'No such post.');
    return { postId: post.id, authorId: post.authorId, hidden: post.hidden };
  }
  const found = await lockVisibleAnswer(trx, id, actor);
  if (!found) throw new RpcError('not_found', 'No such answer.');
  return { postId: found.post.id, authorId: found.answer.authorId, hidden: found.answer.hidden };
}

/**
 * Anyone may flag a post or answer they can see, once while their flag is open. Enough open flags
 * from different people hide the content at once, in the same transaction, until a moderator
 * looks at it.
 */
export function flagHandlers(ctx: FeedContext): FlagHandlers {
  const { db, clock } = ctx;
  const threshold = ctx.flagHideThreshold ?? DEFAULT_FLAG_HIDE_THRESHOLD;
  return {
    async flag({ actor, input }) {
      const now = clock();
      const id = uuidv7({ msecs: now.getTime() });
      await db.transaction().execute(async (trx) => {
        // The thread row stays locked to the end: flags on it are counted one at a time.
        const target = await lockFlaggable(trx, actor, input.targetType, input.targetId);
        if (target.authorId === actor.id)
          throw new RpcError('cannot_flag_own', 'You cannot flag your own contribution.');
        await upsertAuthor(trx, actor, now);
        const inserted = await insertFlag(trx, {
          id,
          targetType: input.targetType,
          targetId: input.targetId,
          postId: target.postId,
          reporterId: actor.id,
          reason: input.reason,
          note: input.note?.trim() || null,
          now,
        });
        if (!inserted)
          throw new RpcError('already_flagged', 'You already flagged this; a moderator will look.');
        const open = await countOpenFlags(trx, input.targetId);
        if (!reachesHideThreshold(open, threshold, target.hidden)) return;
        const ref = { type: input.targetType, id: input.targetId, postId: target.postId };
        await setHidden(trx, ref, { at: now, by: null });
        // Nobody chose to hide it: the event carries no actor.
        await emitContentChange(trx, ctx, ref, { kind: 'hidden', hidden: true }, null, now);
      });
      return { flag: await loadFlag(db, id) };
    },
  };
}
