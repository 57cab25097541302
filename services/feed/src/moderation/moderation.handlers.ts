import { RpcError, type RpcHandlers } from '@outloud/bus';
import { Limits, type Actor, type FeedRpc, type ModerationActionBody } from '@outloud/contracts';
import type { Kysely } from 'kysely';
import { countWithinBudget } from '../bounded.js';
import { softDeleteAnswer } from '../answers/answers.repository.js';
import type { FeedContext } from '../context.js';
import type { FeedDB } from '../db.js';
import { emit, postStateData } from '../events.js';
import { decodeCursor, encodeCursor } from '../posts/cursor.js';
import { loadPostState } from '../posts/posts.repository.js';
import { softDeletePost } from '../posts/posts.writes.js';
import { queueKeys, resolveOpenFlags } from './flags.repository.js';
import { flagHandlers } from './flag.handlers.js';
import { emitContentChange } from './moderation.events.js';
import { FLAGGERS_MAX, planAction, type ContentChange } from './moderation.logic.js';
import {
  loadTargets,
  lockTargetForModeration,
  setHidden,
  setLocked,
  type LockedTarget,
} from './targets.repository.js';
import { isModerator } from './visibility.js';

type ModerationHandlers = Pick<
  RpcHandlers<typeof FeedRpc>,
  'flag' | 'moderationQueue' | 'moderate'
>;

function requireModerator(actor: Actor): void {
  if (!isModerator(actor))
    throw new RpcError('forbidden', 'Only moderators and admins can do that.');
}

function targetNotFound(type: ModerationActionBody['targetType']): RpcError {
  return type === 'post'
    ? new RpcError('post_not_found', 'No such post.')
    : new RpcError('not_found', 'No such answer.');
}

/** Flags, the flag queue and what moderators do with it (the queue and actions: moderators, admins). */
export function moderationHandlers(ctx: FeedContext): ModerationHandlers {
  const { db, clock } = ctx;

  /** Makes the change, with the usual content event, in the caller's transaction. */
  const apply = async (
    trx: Kysely<FeedDB>,
    actor: Actor,
    target: LockedTarget,
    change: ContentChange,
    now: Date,
  ) => {
    switch (change.kind) {
      case 'none':
        return;
      case 'hidden':
        await setHidden(trx, target, change.hidden ? { at: now, by: actor.id } : null);
        return emitContentChange(trx, ctx, target, change, actor, now);
      case 'locked':
        await setLocked(trx, target.postId, change.locked ? { at: now, by: actor.id } : null);
        return emitContentChange(trx, ctx, target, change, actor, now);
      case 'deleted':
        return deleteTarget(trx, actor, target, now);
      default: {
        const unknown: never = change;
        throw new Error(`unknown change ${String(unknown)}`);
      }
    }
  };

  /** The same soft delete and event as the author's own delete, so every consumer reacts. */
  const deleteTarget = async (
    trx: Kysely<FeedDB>,
    actor: Actor,
    target: LockedTarget,
    now: Date,
  ) => {
    const channel = { id: target.channelId, visibility: target.visibility };
    if (target.type === 'post') {
      const version = await softDeletePost(trx, target.id, now);
      const data = { postId: target.id, authorId: target.authorId, channel, version };
      await emit(trx, ctx, 'feed.post.deleted.v1', data, actor, now);
      return;
    }
    await softDeleteAnswer(trx, target.id, target.postId, now);
    const state = await loadPostState(trx, target.postId);
    await emit(
      trx,
      ctx,
      'feed.answer.deleted.v1',
      { ...postStateData(state), answerId: target.id, authorId: target.authorId },
      actor,
      now,
    );
  };

  return {
    ...flagHandlers(ctx),

    async moderate({ actor, input }) {
      requireModerator(actor);
      const now = clock();
      const reason = input.reason?.trim() || null;
      const resolved = await db.transaction().execute(async (trx) => {
        const target = await lockTargetForModeration(trx, input.targetType, input.targetId);
        if (!target) throw targetNotFound(input.targetType);
        const change = planAction(input.action, target);
        await apply(trx, actor, target, change, now);
        const flaggerIds = await resolveOpenFlags(trx, target.id, {
          action: input.action,
          by: actor.id,
          at: now,
        });
        await emit(
          trx,
          ctx,
          'feed.moderation.applied.v1',
          {
            action: input.action,
            targetType: target.type,
            targetId: target.id,
            postId: target.postId,
            authorId: target.authorId,
            flaggerIds: flaggerIds.slice(0, FLAGGERS_MAX),
            reason,
            channel: { id: target.channelId, visibility: target.visibility },
          },
          actor,
          now,
        );
        return { postId: target.postId, count: flaggerIds.length };
      });
      const [loaded] = await loadTargets(
        db,
        [
          {
            targetType: input.targetType,
            targetId: input.targetId,
            postId: resolved.postId,
            resolvedAt: now,
          },
        ],
        { withFlags: false },
      );
      if (!loaded) throw targetNotFound(input.targetType);
      return { target: loaded.target, resolvedFlags: resolved.count };
    },

    async moderationQueue({ actor, query }) {
      requireModerator(actor);
      const status = query.status ?? 'open';
      const sort = status === 'open' ? 'flags-open' : 'flags-resolved';
      const limit = query.limit ?? Limits.pageDefault;
      const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, sort);
      const keys = await queueKeys(db, {
        status,
        after: after?.key instanceof Date && after.id ? { at: after.key, id: after.id } : undefined,
        limit: limit + 1,
      });
      const loaded = await loadTargets(
        db,
        keys
          .slice(0, limit)
          .map((key) => ({ ...key, resolvedAt: status === 'open' ? null : key.at })),
        { withFlags: true },
      );
      const byId = new Map(loaded.map((item) => [item.target.id, item]));
      const items = keys.slice(0, limit).flatMap((key) => {
        const item = byId.get(key.targetId);
        return item ? [{ key, item: { ...item, flagCount: key.flagCount, status } }] : [];
      });
      // Each item carries up to 20 notes: a page also ends where one bus message is full.
      const shown = items.slice(0, countWithinBudget(items.map((i) => i.item)));
      const last = shown.at(-1)?.key;
      return {
        items: shown.map((i) => i.item),
        nextCursor:
          last && (keys.length > limit || shown.length < items.length)
            ? encodeCursor({ sort, key: last.at, id: last.targetId })
            : null,
      };
    },
  };
}
