import type { Kysely } from 'kysely';
import { emailLocaleOf, type Locale } from '@outloud/contracts';
import type { IdentityDatabase } from '../identity/identity.tables.js';

/** The language `userId`'s emails are written in (English for someone unknown). */
export async function emailLocaleOfUser(
  db: Kysely<IdentityDatabase>,
  userId: string,
): Promise<Locale> {
  const row = await db
    .selectFrom('identity.users')
    .select(['locale', 'browserLocale'])
    .where('id', '=', userId)
    .executeTakeFirst();
  return row ? emailLocaleOf(row) : 'en';
}
