import { RpcError, type RpcHandlers } from '@outloud/bus';
import type { FeedRpc } from '@outloud/contracts';
import { countWithinBudget } from '../bounded.js';
import { CHANNEL_LIST_MAX } from '../channels/channels.repository.js';
import type { FeedContext } from '../context.js';
import { mayReadFreshness } from './knowledge.logic.js';
import { freshnessByChannel } from './knowledge.repository.js';

type FreshnessHandlers = Pick<RpcHandlers<typeof FeedRpc>, 'freshnessReport'>;

/** L&D's view of how current each channel's reviewed knowledge is. */
export function freshnessHandlers(ctx: FeedContext): FreshnessHandlers {
  const { db, clock } = ctx;
  return {
    async freshnessReport({ actor }) {
      if (!mayReadFreshness(actor))
        throw new RpcError('forbidden', 'Only L&D staff and admins can see the freshness report.');
      const items = await freshnessByChannel(db, {
        viewerId: actor.id,
        now: clock(),
        limit: CHANNEL_LIST_MAX,
      });
      return { items: items.slice(0, countWithinBudget(items)) };
    },
  };
}
