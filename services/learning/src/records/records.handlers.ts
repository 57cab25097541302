import { RpcError, type RpcHandlers } from '@outloud/bus';
import type { Actor, LearningRpc } from '@outloud/contracts';
import type { LearningContext } from '../context.js';
import { BadExportCursor } from '@outloud/db';
import { erasePersonRows, readRecords } from './records.repository.js';

type RecordsHandlers = Pick<RpcHandlers<typeof LearningRpc>, 'exportRecords' | 'erasePerson'>;

const isAdmin = (actor: Actor) => actor.roles.includes('admin');

/** Export pages (an admin's whole-instance export, a person's own record) and account erasure. */
export function recordsHandlers({ db }: LearningContext): RecordsHandlers {
  return {
    async exportRecords({ actor, entity, after, limit, userId }) {
      const own = userId !== undefined && userId === actor.id;
      if (!own && !isAdmin(actor))
        throw new RpcError('forbidden', 'Only administrators export other people’s records.');
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
      return { removed: await erasePersonRows(db, { userId, handle, displayName }) };
    },
  };
}
