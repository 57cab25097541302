import { RpcError, type RpcHandlers } from '@outloud/bus';
import { Limits, type FeedRpc } from '@outloud/contracts';
import { upsertAuthorRef } from '../authors/authors.repository.js';
import { findVisibleChannel } from '../channels/channels.repository.js';
import type { FeedContext } from '../context.js';
import { emit } from '../events.js';

/** At most this many follows in the list (about 200 KB at the longest targets). */
export const FOLLOW_LIST_MAX = 1_000;

type FollowHandlers = Pick<RpcHandlers<typeof FeedRpc>, 'setFollow' | 'listFollows'>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TAG = new RegExp(Limits.tagPattern);

const invalidTarget = (message: string) =>
  new RpcError('validation_failed', message, [{ field: 'target', message }]);

/** Follows of channels, tags and people; they drive `following=true` and notifications. */
export function followHandlers(ctx: FeedContext): FollowHandlers {
  const { db, clock } = ctx;
  return {
    async setFollow({ actor, follow, on, user }) {
      const { targetType } = follow;
      let target = follow.target;
      switch (targetType) {
        case 'channel':
          if (!UUID.test(target)) throw invalidTarget('must be a channel id');
          if (!(await findVisibleChannel(db, target, actor.id)))
            throw new RpcError('channel_not_found', 'No such channel.');
          target = target.toLowerCase();
          break;
        case 'tag':
          if (!TAG.test(target)) throw invalidTarget(`must be a tag matching ${Limits.tagPattern}`);
          break;
        case 'user':
          if (!UUID.test(target)) throw invalidTarget('must be a user id');
          target = target.toLowerCase();
          if (target === actor.id) throw invalidTarget('you cannot follow yourself');
          if (on && user?.id !== target) throw new RpcError('user_not_found', 'No such person.');
          break;
        default: {
          const unknown: never = targetType;
          throw invalidTarget(`unknown target type ${String(unknown)}`);
        }
      }
      const now = clock();
      await db.transaction().execute(async (trx) => {
        let changed: boolean;
        if (on) {
          if (user) await upsertAuthorRef(trx, user, now);
          changed =
            (await trx
              .insertInto('feed.follows')
              .values({ userId: actor.id, targetType, target, createdAt: now })
              .onConflict((oc) => oc.columns(['userId', 'targetType', 'target']).doNothing())
              .returning('target')
              .executeTakeFirst()) !== undefined;
        } else {
          changed =
            (await trx
              .deleteFrom('feed.follows')
              .where('userId', '=', actor.id)
              .where('targetType', '=', targetType)
              .where('target', '=', target)
              .returning('target')
              .executeTakeFirst()) !== undefined;
        }
        if (changed) {
          await emit(
            trx,
            ctx,
            'feed.follow.changed.v1',
            { userId: actor.id, targetType, target, following: on },
            actor,
            now,
          );
        }
      });
      return { ok: true };
    },

    async listFollows({ actor }) {
      const rows = await db
        .selectFrom('feed.follows')
        .select(['targetType', 'target', 'createdAt'])
        .where('userId', '=', actor.id)
        .orderBy('createdAt', 'desc')
        // Bounded like every list (targets are at most 64 characters): the newest follows.
        .limit(FOLLOW_LIST_MAX)
        .execute();
      return {
        items: rows.map((r) => ({
          targetType: r.targetType,
          target: r.target,
          createdAt: r.createdAt.toISOString(),
        })),
      };
    },
  };
}
