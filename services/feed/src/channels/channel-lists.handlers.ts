import { RpcError, type RpcHandlers } from '@outloud/bus';
import { Limits, type FeedRpc } from '@outloud/contracts';
import { countWithinBudget } from '../bounded.js';
import type { FeedContext } from '../context.js';
import {
  containsPattern,
  decodeDirectoryCursor,
  encodeDirectoryCursor,
} from './channel-directory.js';
import { listDirectory } from './channel-directory.repository.js';
import {
  listJoinedChannels,
  markRead,
  postTimeInChannel,
  setStarred,
} from './channel-reads.repository.js';
import { findVisibleChannel } from './channels.repository.js';

type ChannelListHandlers = Pick<
  RpcHandlers<typeof FeedRpc>,
  'joinedChannels' | 'channelDirectory' | 'markChannelRead' | 'setChannelStar'
>;

const notFound = () => new RpcError('channel_not_found', 'No such channel.');

/** The sidebar (joined channels, unread counts, stars) and the channel directory. */
export function channelListHandlers(ctx: FeedContext): ChannelListHandlers {
  const { db, clock } = ctx;

  return {
    async joinedChannels({ actor }) {
      // Capped in items by the query, and in bytes here (long names and descriptions).
      const items = await listJoinedChannels(db, actor.id);
      return { items: items.slice(0, countWithinBudget(items)) };
    },

    async channelDirectory({ actor, query }) {
      const sort = query.sort ?? 'activity';
      const limit = query.limit ?? Limits.pageDefault;
      const after =
        query.cursor === undefined ? undefined : decodeDirectoryCursor(query.cursor, sort);
      const rows = await listDirectory(db, actor.id, {
        sort,
        pattern: containsPattern(query.q ?? ''),
        after,
        limit: limit + 1,
      });
      const page = rows.slice(0, limit);
      const fits = countWithinBudget(page.map((row) => row.channel));
      const shown = page.slice(0, fits);
      const last = shown.at(-1);
      return {
        items: shown.map((row) => row.channel),
        nextCursor:
          (rows.length > limit || fits < page.length) && last
            ? encodeDirectoryCursor(last.cursor)
            : null,
      };
    },

    async markChannelRead({ actor, id, postId }) {
      if (!(await findVisibleChannel(db, id, actor.id))) throw notFound();
      let upTo = clock();
      if (postId !== undefined) {
        const at = await postTimeInChannel(db, id, postId);
        if (!at) throw new RpcError('post_not_found', 'No such post in this channel.');
        upTo = at;
      }
      // Someone who has not joined has no read mark to move: nothing to do.
      await markRead(db, id, actor.id, upTo);
      return { ok: true };
    },

    async setChannelStar({ actor, id, on }) {
      if (!(await findVisibleChannel(db, id, actor.id))) throw notFound();
      if (!(await setStarred(db, id, actor.id, on))) {
        throw new RpcError('conflict', 'Join the channel to star it.');
      }
      return { ok: true };
    },
  };
}
