import { RpcError, type RpcHandlers } from '@outloud/bus';
import type { FeedRpc } from '@outloud/contracts';
import { isAdmin, type FeedContext } from '../context.js';
import { BadExportCursor } from '@outloud/db';
import { erasePersonRows, readRecords } from './records.repository.js';

type RecordsHandlers = Pick<RpcHandlers<typeof FeedRpc>, 'exportRecords' | 'erasePerson'>;

/** Export pages (an admin's whole-instance export, a person's own data) and account erasure. */
export function recordsHandlers({ db, clock }: FeedContext): RecordsHandlers {
  return {
    async exportRecords({ actor, entity, after, limit, userId }) {
      const own = userId !== undefined && userId === actor.id;
      if (!own && !isAdmin(actor))
        throw new RpcError('forbidden', 'Only administrators export other people’s data.');
      // Threads carry everyone's posts: never part of a personal export.
      if (entity === 'threads' && userId !== undefined)
        throw new RpcError('validation_failed', 'Threads are exported whole.');
      try {
        return await readRecords(db, entity, { after, limit, userId });
      } catch (error) {
        if (error instanceof BadExportCursor)
          throw new RpcError('validation_failed', 'That export cursor is not valid.');
        throw error;
      }
    },

    async erasePerson({ actor, userId, handle, displayName }) {
      if (actor.id !== userId && !isAdmin(actor))
        throw new RpcError('forbidden', 'Only administrators delete other people’s accounts.');
      const removed = await erasePersonRows(db, { userId, handle, displayName }, clock());
      return { removed };
    },
  };
}
