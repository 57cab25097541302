import { RpcError, type RpcHandlers } from '@outloud/bus';
import type { NotificationRpc } from '@outloud/contracts';
import type { Kysely } from 'kysely';
import type { NotifyDB } from '../db.js';

type EraseHandlers = Pick<RpcHandlers<typeof NotificationRpc>, 'erasePerson'>;

/**
 * Account deletion: the person's notifications, preferences, digests, follows and the
 * memberships and thread participation kept for routing go; notifications and routings others
 * hold name them by the anonymous name from now on. Their status row stays, so nothing is ever
 * sent to them again. Returns how many rows went.
 */
export async function erasePersonRows(
  db: Kysely<NotifyDB>,
  person: { userId: string; handle: string; displayName: string },
): Promise<number> {
  const { userId, handle, displayName } = person;
  return db.transaction().execute(async (trx) => {
    let removed = 0;
    const count = (r: { numDeletedRows: bigint }) => (removed += Number(r.numDeletedRows));
    count(
      await trx
        .deleteFrom('notify.notifications')
        .where('recipientId', '=', userId)
        .executeTakeFirst(),
    );
    count(
      await trx.deleteFrom('notify.preferences').where('userId', '=', userId).executeTakeFirst(),
    );
    count(await trx.deleteFrom('notify.digests').where('userId', '=', userId).executeTakeFirst());
    count(await trx.deleteFrom('notify.follows').where('userId', '=', userId).executeTakeFirst());
    count(
      await trx
        .deleteFrom('notify.follows')
        .where('targetType', '=', 'user')
        .where('target', '=', userId)
        .executeTakeFirst(),
    );
    count(await trx.deleteFrom('notify.members').where('userId', '=', userId).executeTakeFirst());
    count(
      await trx.deleteFrom('notify.participants').where('userId', '=', userId).executeTakeFirst(),
    );
    count(await trx.deleteFrom('notify.mentioned').where('userId', '=', userId).executeTakeFirst());
    count(
      await trx.deleteFrom('notify.expertRequests').where('userId', '=', userId).executeTakeFirst(),
    );
    await trx
      .updateTable('notify.notifications')
      .set({ actorHandle: handle, actorDisplayName: displayName })
      .where('actorId', '=', userId)
      .execute();
    await trx
      .updateTable('notify.routings')
      .set({ askerHandle: handle, askerDisplayName: displayName })
      .where('askerId', '=', userId)
      .execute();
    return removed;
  });
}

export function eraseHandlers({ db }: { db: Kysely<NotifyDB> }): EraseHandlers {
  return {
    async erasePerson({ actor, userId, handle, displayName }) {
      if (actor.id !== userId && !actor.roles.includes('admin'))
        throw new RpcError('forbidden', 'Only administrators delete other people’s accounts.');
      return { removed: await erasePersonRows(db, { userId, handle, displayName }) };
    },
  };
}
