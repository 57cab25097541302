import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import type { Locale, Names, Role } from '@outloud/contracts';
import { AppError } from '../core/errors.js';
import type { UserRow } from './identity.logic.js';
import { RETURNED_USER } from './identity.repository.js';
import type { IdentityDatabase } from './identity.tables.js';
import { enqueueUserChanged } from './user-events.js';

/** Why a placeholder account exists (shown to admins beside its status). */
export const PLACEHOLDER_REASON = 'imported: a placeholder until this person is invited';

/**
 * An account an import made for someone without one: deactivated for that reason and never
 * given a password. Such an account holds contributions but belongs to nobody yet, so an
 * invitation to its address may be accepted and the person takes it over.
 */
export function isPlaceholder(eb: ExpressionBuilder<IdentityDatabase, 'identity.users'>) {
  return eb.and([
    eb('identity.users.status', '=', 'deactivated'),
    eb('identity.users.statusReason', '=', PLACEHOLDER_REASON),
    eb('identity.users.passwordHash', 'is', null),
  ]);
}

/**
 * Turns the placeholder with this address into the person's own account, in the caller's
 * transaction: active, verified, with their handle, name, password and roles. The change is
 * announced like any change of a person, so the feed's authors and search's people follow.
 * Returns undefined when the address has no placeholder (a real account or none at all).
 */
export async function claimPlaceholder(
  trx: Kysely<IdentityDatabase>,
  names: Pick<Names, 'subject'>,
  values: {
    email: string;
    handle: string;
    displayName: string;
    /** Null when they sign in through single sign-on. */
    passwordHash: string | null;
    roles: Role[];
    now: Date;
  },
): Promise<UserRow | undefined> {
  const { now } = values;
  let row: (UserRow & { locale: Locale | null }) | undefined;
  try {
    row = await trx
      .updateTable('identity.users')
      .set({
        handle: values.handle,
        displayName: values.displayName,
        passwordHash: values.passwordHash,
        roles: values.roles,
        status: 'active',
        statusReason: null,
        statusChangedAt: now,
        emailVerifiedAt: now,
        verificationRequired: false,
      })
      .where(sql<string>`lower(email)`, '=', values.email.trim().toLowerCase())
      .where(isPlaceholder)
      .returning([...RETURNED_USER, 'locale'])
      .executeTakeFirst();
  } catch (error) {
    if ((error as { constraint?: string } | null)?.constraint === 'users_handle_key') {
      throw new AppError('handle_taken', 'That handle is already taken.', {
        details: [{ field: 'handle', message: 'is already taken' }],
        cause: error,
      });
    }
    throw error;
  }
  if (!row) return undefined;
  await enqueueUserChanged(trx, names, row, null, now);
  return row;
}
