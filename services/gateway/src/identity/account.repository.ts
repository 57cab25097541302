import { sql, type Kysely } from 'kysely';
import type { Locale } from '@outloud/contracts';
import type { IdentityDatabase } from './identity.tables.js';

/** What password reset, verification and password change need to know about a person. */
export interface AccountRow {
  id: string;
  email: string;
  displayName: string;
  status: 'active' | 'suspended' | 'deactivated';
  passwordHash: string | null;
  emailVerifiedAt: Date | null;
  /** With `browserLocale`, the language of the person's emails (`emailLocaleOf`). */
  locale: Locale | null;
  browserLocale: Locale | null;
}

const ACCOUNT_COLUMNS = [
  'id',
  'email',
  'displayName',
  'status',
  'passwordHash',
  'emailVerifiedAt',
  'locale',
  'browserLocale',
] as const;

/** Statements behind the account self-service routes (reset, verification, password change). */
export class AccountRepository {
  constructor(private readonly db: Kysely<IdentityDatabase>) {}

  async findByEmail(
    normalizedEmail: string,
    trx: Kysely<IdentityDatabase> = this.db,
  ): Promise<AccountRow | undefined> {
    return trx
      .selectFrom('identity.users')
      .select(ACCOUNT_COLUMNS)
      .where(sql<string>`lower(email)`, '=', normalizedEmail)
      .executeTakeFirst();
  }

  async findById(
    id: string,
    trx: Kysely<IdentityDatabase> = this.db,
  ): Promise<AccountRow | undefined> {
    return trx
      .selectFrom('identity.users')
      .select(ACCOUNT_COLUMNS)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** Serialises reset requests for one address, so parallel ones cannot slip past the limit. */
  async lockResetRequests(trx: Kysely<IdentityDatabase>, normalizedEmail: string): Promise<void> {
    await sql`select pg_advisory_xact_lock(hashtext(${`outloud.reset:${normalizedEmail}`}))`.execute(
      trx,
    );
  }

  /**
   * Times of the reset requests for an address since `since`, newest first, at most `limit`.
   * Every request leaves a reset-token row, whether or not the address has an account.
   */
  async recentResetRequests(
    trx: Kysely<IdentityDatabase>,
    normalizedEmail: string,
    since: Date,
    limit: number,
  ): Promise<Date[]> {
    const rows = await trx
      .selectFrom('identity.oneTimeTokens')
      .select('createdAt')
      .where('purpose', '=', 'reset_password')
      .where('email', '=', normalizedEmail)
      .where('createdAt', '>', since)
      .orderBy('createdAt', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => r.createdAt);
  }

  async setPassword(
    trx: Kysely<IdentityDatabase>,
    userId: string,
    passwordHash: string,
  ): Promise<void> {
    await trx
      .updateTable('identity.users')
      .set({ passwordHash })
      .where('id', '=', userId)
      .execute();
  }

  /** Marks the address as confirmed (keeps the first confirmation time). */
  async markEmailVerified(
    trx: Kysely<IdentityDatabase>,
    userId: string,
    email: string | null,
    now: Date,
  ): Promise<boolean> {
    let query = trx
      .updateTable('identity.users')
      .set({ emailVerifiedAt: sql<Date>`coalesce(email_verified_at, ${now}::timestamptz)` })
      .where('id', '=', userId);
    // A link sent to an address the person has since changed confirms nothing.
    if (email !== null) query = query.where(sql<string>`lower(email)`, '=', email.toLowerCase());
    const result = await query.executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }
}
