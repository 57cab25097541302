import type { Kysely } from 'kysely';
import type { Actor, AdminUsersQuery, Names, User, UserStatusBody } from '@outloud/contracts';
import { Limits } from '@outloud/contracts';
import { AppError } from '../core/errors.js';
import { decodeKeysetCursor, keysetPage } from '../core/keyset-cursor.js';
import { DELETED_ACCOUNT_REASON } from '../identity/account-deletion.js';
import { toPrivateUser } from '../identity/identity.logic.js';
import type { IdentityDatabase } from '../identity/identity.tables.js';
import { enqueueUserChanged } from '../identity/user-events.js';
import { recordAudit } from './audit.js';
import { PeopleRepository } from './people.repository.js';

export interface PeopleDeps {
  db: Kysely<IdentityDatabase>;
  names: Pick<Names, 'subject'>;
  clock: () => Date;
}

/** The admins' people directory and account status (suspend, reactivate, deactivate). */
export function createPeople(deps: PeopleDeps) {
  const repository = new PeopleRepository(deps.db);

  return {
    async list(query: AdminUsersQuery): Promise<{ items: User[]; nextCursor: string | null }> {
      const limit = query.limit ?? Limits.pageDefault;
      const rows = await repository.list({
        q: query.q?.trim() || undefined,
        role: query.role,
        status: query.status,
        after: query.cursor === undefined ? undefined : decodeKeysetCursor(query.cursor),
        limit: limit + 1,
      });
      const page = keysetPage(rows, limit, (row) => ({ at: row.createdAt, id: row.id }));
      return { items: page.rows.map(toPrivateUser), nextCursor: page.nextCursor };
    },

    /**
     * Sets a person's status. Anything but `active` ends their sessions in the same transaction
     * (their API tokens stop working through the status itself); the change is audited and
     * announced to the other services. Nobody changes their own status, and the last active admin
     * cannot be suspended or deactivated (409).
     */
    async setStatus(actor: Actor, userId: string, body: UserStatusBody): Promise<User> {
      const now = deps.clock();
      const reason = body.reason?.trim() || null;
      return deps.db.transaction().execute(async (trx) => {
        const activeAdmins = await repository.countActiveAdmins(trx);
        const before = await repository.lockUser(trx, userId);
        if (!before) throw new AppError('user_not_found', 'No user with that id.');
        if (userId === actor.id) {
          throw new AppError('conflict', 'You cannot change your own status.');
        }
        // Its owner erased it: nothing is left to sign in with, and nobody may take it over.
        if (before.statusReason === DELETED_ACCOUNT_REASON && body.status !== 'deactivated') {
          throw new AppError('conflict', 'This account was deleted; it cannot be used again.');
        }
        const leaving = body.status !== 'active';
        if (
          leaving &&
          before.status === 'active' &&
          before.roles.includes('admin') &&
          activeAdmins <= 1
        ) {
          throw new AppError(
            'conflict',
            'This is the last active admin; make someone else admin first.',
          );
        }
        const after = await repository.setStatus(trx, userId, body.status, reason, now);
        if (leaving) await repository.deleteSessions(trx, userId);
        await recordAudit(
          trx,
          {
            actor,
            action: 'user.status',
            target: { type: 'user', id: userId, label: before.handle },
            details: { from: before.status, to: body.status, ...(reason ? { reason } : {}) },
          },
          now,
        );
        await enqueueUserChanged(trx, deps.names, after, actor, now);
        return toPrivateUser(after);
      });
    },
  };
}

export type People = ReturnType<typeof createPeople>;
