import type { Kysely } from 'kysely';
import type { InstanceSettings } from '@outloud/contracts';
import type { IdentityDatabase } from './identity.tables.js';

/** The instance's one row of settings (sign-up policy, password sign-in). */
export async function readSettings(db: Kysely<IdentityDatabase>): Promise<InstanceSettings> {
  const row = await db
    .selectFrom('identity.settings')
    .select(['signup', 'allowedDomains', 'passwordLogin'])
    .executeTakeFirst();
  return row ?? { signup: 'open', allowedDomains: [], passwordLogin: true };
}

export async function writeSettings(
  db: Kysely<IdentityDatabase>,
  settings: InstanceSettings,
  now: Date,
): Promise<InstanceSettings> {
  return db
    .insertInto('identity.settings')
    .values({ ...settings, updatedAt: now })
    .onConflict((oc) => oc.column('id').doUpdateSet({ ...settings, updatedAt: now }))
    .returning(['signup', 'allowedDomains', 'passwordLogin'])
    .executeTakeFirstOrThrow();
}
