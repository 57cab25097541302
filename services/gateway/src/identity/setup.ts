import { sql, type Kysely } from 'kysely';
import { AppError } from '../core/errors.js';
import type { IdentityDatabase } from './identity.tables.js';
import { consumeOneTimeToken, issueOneTimeToken } from './one-time-tokens.js';

/** How long the link printed at first start works. */
export const SETUP_TOKEN_TTL_MS = 24 * 60 * 60 * 1000;
const ADMINS_LOCK = sql`select pg_advisory_xact_lock(hashtext('outloud.identity.admins'))`;

/** Whether the instance still needs its first admin (no active admin exists). */
export async function needsSetup(db: Kysely<IdentityDatabase>): Promise<boolean> {
  const admin = await db
    .selectFrom('identity.users')
    .select('id')
    .where(sql<boolean>`'admin' = any(roles)`)
    .where('status', '=', 'active')
    .limit(1)
    .executeTakeFirst();
  return admin === undefined;
}

/**
 * The one-time setup token that creates the first admin, or null when the instance has one.
 * Called by the launcher on every start until setup is done; each link works once, for a day.
 */
export async function issueSetupToken(
  db: Kysely<IdentityDatabase>,
  now: Date = new Date(),
): Promise<string | null> {
  if (!(await needsSetup(db))) return null;
  return issueOneTimeToken(db, { purpose: 'setup', userId: null, now, ttlMs: SETUP_TOKEN_TTL_MS });
}

/** The address the setup link opens in the web app. */
export function setupLink(publicUrl: string, token: string): string {
  return new URL(`/#/setup?token=${encodeURIComponent(token)}`, publicUrl).toString();
}

/**
 * Spends a setup token and runs `createAdmin` in the same transaction, under the lock that guards
 * the set of admins: two setup links used at once cannot both make an admin, and no link works
 * once the instance has one (409 `setup_done`). Every other setup link stops working too.
 */
export async function completeSetup<T>(
  db: Kysely<IdentityDatabase>,
  token: string,
  now: Date,
  createAdmin: (trx: Kysely<IdentityDatabase>) => Promise<T>,
): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await ADMINS_LOCK.execute(trx);
    await consumeOneTimeToken(trx, 'setup', token, now);
    if (!(await needsSetup(trx))) {
      throw new AppError('setup_done', 'Outloud already has an admin; sign in instead.');
    }
    const created = await createAdmin(trx);
    await trx
      .updateTable('identity.oneTimeTokens')
      .set({ usedAt: now })
      .where('purpose', '=', 'setup')
      .where('usedAt', 'is', null)
      .execute();
    return created;
  });
}
