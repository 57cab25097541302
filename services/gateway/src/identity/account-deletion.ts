import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { AccountDeleted, Actor, Names } from '@outloud/contracts';
import { recordAudit } from '../admin/audit.js';
import { AppError } from '../core/errors.js';
import type { ServiceClients } from '../services/clients.js';
import type { FileStorage } from '../storage/file-storage.js';
import type { CredentialChange } from './auth-cache.js';
import type { IdentityDatabase } from './identity.tables.js';
import { verifyPassword } from './passwords.js';
import { enqueueUserChanged } from './user-events.js';

export interface AccountDeletionDeps {
  db: Kysely<IdentityDatabase>;
  names: Pick<Names, 'subject'>;
  clock: () => Date;
  services: Pick<ServiceClients, 'feed' | 'learning' | 'notification'>;
  avatars: FileStorage;
  credentialsChanged: (change: CredentialChange) => Promise<void>;
}

/** How recent a single-sign-on session must be to delete an account that has no password. */
const RECENT_SIGN_IN_MS = 10 * 60_000;

/** The status reason that marks an account as deleted: it stays deactivated for good. */
export const DELETED_ACCOUNT_REASON = 'account deleted';

/**
 * The name a deleted person's contributions carry: stable for one account (derived from its id)
 * and telling nothing about who it was. The old handle is freed for someone else.
 */
export function anonymousName(userId: string): { handle: string; displayName: string } {
  const digest = createHash('sha256').update(`former-member:${userId}`).digest('hex');
  const number = (parseInt(digest.slice(0, 8), 16) % 9000) + 1000;
  return { handle: `former_member_${digest.slice(0, 10)}`, displayName: `Former member ${number}` };
}

/**
 * Account deletion (GDPR art. 17): the services drop what they keep about the person and rename
 * their copies of them; then identity blanks the account (no email, password, profile, picture,
 * sessions, tokens or sign-in links) in one transaction with its audit entry and the event that
 * renames the person everywhere else. Contributions stay under the anonymous name. Each step is
 * idempotent, so a deletion cut short (a service down: 503) is simply asked for again.
 */
export function createAccountDeletion(deps: AccountDeletionDeps) {
  const { db, clock } = deps;

  async function erase(actor: Actor, userId: string): Promise<AccountDeleted> {
    const now = clock();
    const person = await db
      .selectFrom('identity.users')
      .select(['id', 'handle', 'roles', 'status', 'avatarKey', 'email'])
      .where('id', '=', userId)
      .executeTakeFirst();
    if (!person) throw new AppError('user_not_found', 'No user with that id.');
    if (person.roles.includes('admin') && person.status === 'active') {
      const admins = await db
        .selectFrom('identity.users')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('status', '=', 'active')
        .where(sql<boolean>`'admin' = any(roles)`)
        .executeTakeFirstOrThrow();
      if (Number(admins.n) <= 1) {
        throw new AppError(
          'conflict',
          'This is the last active admin; make someone else admin first.',
        );
      }
    }
    const anonymous = anonymousName(userId);
    const request = { actor, userId, ...anonymous };
    await deps.services.feed.call('erasePerson', request);
    await deps.services.learning.call('erasePerson', request);
    await deps.services.notification.call('erasePerson', request);

    await db.transaction().execute(async (trx) => {
      const oldEmail = person.email.toLowerCase();
      const after = await trx
        .updateTable('identity.users')
        .set({
          // A unique address nobody can receive mail at or register with.
          email: `${userId}@deleted.invalid`,
          handle: anonymous.handle,
          displayName: anonymous.displayName,
          passwordHash: null,
          status: 'deactivated',
          statusReason: DELETED_ACCOUNT_REASON,
          statusChangedAt: now,
          emailVerifiedAt: null,
          verificationRequired: false,
          bio: '',
          title: '',
          team: '',
          timeZone: null,
          skills: [],
          avatarKey: null,
          lastSeenAt: null,
          locale: null,
          browserLocale: null,
          browserLocaleAt: null,
        })
        .where('id', '=', userId)
        .returning([
          'id',
          'handle',
          'displayName',
          'avatarKey',
          'status',
          'locale',
          'browserLocale',
        ])
        .executeTakeFirstOrThrow();
      await trx.deleteFrom('identity.sessions').where('userId', '=', userId).execute();
      await trx.deleteFrom('identity.apiTokens').where('userId', '=', userId).execute();
      await trx.deleteFrom('identity.oidcLinks').where('userId', '=', userId).execute();
      await trx
        .deleteFrom('identity.oneTimeTokens')
        .where((eb) => eb.or([eb('userId', '=', userId), eb('email', '=', oldEmail)]))
        .execute();
      await trx
        .deleteFrom('identity.emails')
        .where(sql<string>`lower(to_address)`, '=', oldEmail)
        .execute();
      // Earlier audit entries keep what was done, no longer by or to whom by name.
      await trx
        .updateTable('identity.auditLog')
        .set({ actorHandle: anonymous.handle })
        .where('actorId', '=', userId)
        .execute();
      await trx
        .updateTable('identity.auditLog')
        .set({ targetLabel: anonymous.handle })
        .where('targetType', '=', 'user')
        .where('targetId', '=', userId)
        .execute();
      await recordAudit(
        trx,
        {
          actor: actor.id === userId ? { id: userId, handle: anonymous.handle } : actor,
          action: 'user.delete',
          target: { type: 'user', id: userId, label: anonymous.handle },
          details: { self: actor.id === userId },
        },
        now,
      );
      await enqueueUserChanged(trx, deps.names, after, actor.id === userId ? null : actor, now);
    });
    if (person.avatarKey) await deps.avatars.delete(person.avatarKey);
    await deps.credentialsChanged({ user: userId });
    return { id: userId, ...anonymous };
  }

  return {
    /**
     * Deleting one's own account: the password confirms it; an account without one (single
     * sign-on) needs a session started within the last ten minutes.
     */
    async deleteOwn(
      actor: Actor,
      sessionId: string | null,
      password: string | undefined,
    ): Promise<AccountDeleted> {
      const user = await db
        .selectFrom('identity.users')
        .select(['passwordHash'])
        .where('id', '=', actor.id)
        .executeTakeFirst();
      if (!user) throw new AppError('unauthenticated', 'Sign in to continue.');
      if (user.passwordHash !== null) {
        if (password === undefined || !(await verifyPassword(password, user.passwordHash))) {
          throw new AppError('wrong_password', 'The password is not right.', {
            details: [{ field: 'password', message: 'is not your password' }],
          });
        }
      } else {
        const session = sessionId
          ? await db
              .selectFrom('identity.sessions')
              .select('createdAt')
              .where('id', '=', sessionId)
              .executeTakeFirst()
          : undefined;
        if (!session || clock().getTime() - session.createdAt.getTime() > RECENT_SIGN_IN_MS) {
          throw new AppError(
            'forbidden',
            'Sign in again (within the last ten minutes) to delete your account.',
          );
        }
      }
      return erase(actor, actor.id);
    },

    /** An admin deletes someone else's account (their own goes through `deleteOwn`). */
    async deleteByAdmin(actor: Actor, userId: string): Promise<AccountDeleted> {
      if (userId === actor.id) {
        throw new AppError('conflict', 'Delete your own account from your account page.');
      }
      return erase(actor, userId);
    },
  };
}

export type AccountDeletion = ReturnType<typeof createAccountDeletion>;
