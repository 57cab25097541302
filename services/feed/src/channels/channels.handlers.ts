import type { RpcHandlers } from '@outloud/bus';
import type { FeedRpc } from '@outloud/contracts';
import type { FeedContext } from '../context.js';
import { userStats } from '../posts/stats.repository.js';
import { listVisibleChannels, visibleChannelIds } from './channels.repository.js';

type ChannelHandlers = Pick<
  RpcHandlers<typeof FeedRpc>,
  'listChannels' | 'accessibleChannels' | 'userStats'
>;

export function channelHandlers({ db }: FeedContext): ChannelHandlers {
  return {
    async listChannels({ actor }) {
      return { items: await listVisibleChannels(db, actor.id) };
    },
    async accessibleChannels({ actor }) {
      return { channelIds: await visibleChannelIds(db, actor.id) };
    },
    async userStats({ actor, userId }) {
      return userStats(db, userId, actor.id);
    },
  };
}
