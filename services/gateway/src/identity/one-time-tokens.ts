import { sql, type Kysely } from 'kysely';
import { AppError } from '../core/errors.js';
import type { IdentityDatabase, OneTimePurpose } from './identity.tables.js';
import { randomSecret, sha256 } from './secrets.js';

/** Longer values are not ours; they are refused without a lookup. */
const MAX_TOKEN_LENGTH = 200;

export const INVALID_LINK = 'This link is invalid, already used or expired. Ask for a new one.';

/**
 * Issues a single-use secret for `purpose` (only its sha256 is stored) and returns it. Earlier
 * unused tokens of the same person and purpose stop working: only the latest link counts.
 */
export async function issueOneTimeToken(
  db: Kysely<IdentityDatabase>,
  values: {
    purpose: OneTimePurpose;
    userId: string | null;
    email?: string | null;
    now: Date;
    ttlMs: number;
  },
): Promise<string> {
  const token = randomSecret();
  if (values.userId !== null) {
    await db
      .updateTable('identity.oneTimeTokens')
      .set({ usedAt: values.now })
      .where('userId', '=', values.userId)
      .where('purpose', '=', values.purpose)
      .where('usedAt', 'is', null)
      .execute();
  }
  await db
    .insertInto('identity.oneTimeTokens')
    .values({
      purpose: values.purpose,
      tokenHash: sha256(token),
      userId: values.userId,
      email: values.email ?? null,
      createdAt: values.now,
      expiresAt: new Date(values.now.getTime() + values.ttlMs),
    })
    .execute();
  return token;
}

/**
 * Spends a token inside the caller's transaction: marks it used and returns its row, or throws
 * 400 `invalid_token` when it is unknown, of another purpose, used or expired. The row is locked,
 * so two requests racing with one token cannot both succeed.
 */
export async function consumeOneTimeToken(
  trx: Kysely<IdentityDatabase>,
  purpose: OneTimePurpose,
  token: string,
  now: Date,
): Promise<{ id: string; userId: string | null; email: string | null }> {
  if (!token || token.length > MAX_TOKEN_LENGTH) throw new AppError('invalid_token', INVALID_LINK);
  const row = await trx
    .selectFrom('identity.oneTimeTokens')
    .select(['id', 'userId', 'email', 'usedAt', 'expiresAt'])
    .where('tokenHash', '=', sha256(token))
    .where('purpose', '=', purpose)
    .forUpdate()
    .executeTakeFirst();
  if (!row || row.usedAt !== null || row.expiresAt <= now) {
    throw new AppError('invalid_token', INVALID_LINK);
  }
  await trx
    .updateTable('identity.oneTimeTokens')
    .set({ usedAt: now })
    .where('id', '=', row.id)
    .execute();
  return { id: row.id, userId: row.userId, email: row.email };
}

/** Drops tokens that expired over a day ago (used ones are kept that long for support). */
export async function purgeOneTimeTokens(db: Kysely<IdentityDatabase>, now: Date): Promise<number> {
  const result = await db
    .deleteFrom('identity.oneTimeTokens')
    .where('expiresAt', '<', sql<Date>`${now}::timestamptz - interval '1 day'`)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
