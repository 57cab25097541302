import { emailLocaleOf, IdentityEvents, type Locale, type UserStatus } from '@outloud/contracts';
import { sql, type Kysely } from 'kysely';
import type { NotifyDB } from '../db.js';
import { isAnyOf } from '../sql.js';

/** The identity events the notification service follows. */
export const identityEventSchemas = {
  'identity.user.changed.v1': IdentityEvents['identity.user.changed.v1'].schema,
};

/**
 * Records a person's status and language from an identity event. A change older than the one
 * recorded is ignored, so redeliveries and out-of-order events leave the newest state in place.
 * An event without `locale` or `browserLocale` (written before they existed, or by a change that
 * does not know the browser's) keeps the language known.
 */
export async function applyPersonStatus(
  db: Kysely<NotifyDB>,
  change: {
    userId: string;
    status: UserStatus;
    locale?: Locale | null | undefined;
    browserLocale?: Locale | null | undefined;
    at: Date;
  },
): Promise<void> {
  const carriesLocale = change.locale !== undefined;
  const carriesBrowserLocale = change.browserLocale !== undefined;
  await db
    .insertInto('notify.peopleStatus')
    .values({
      userId: change.userId,
      status: change.status,
      changedAt: change.at,
      locale: change.locale ?? null,
      browserLocale: change.browserLocale ?? null,
    })
    .onConflict((oc) =>
      oc
        .column('userId')
        .doUpdateSet({
          status: sql<UserStatus>`excluded.status`,
          changedAt: sql<Date>`excluded.changed_at`,
          ...(carriesLocale ? { locale: sql<Locale | null>`excluded.locale` } : {}),
          ...(carriesBrowserLocale
            ? { browserLocale: sql<Locale | null>`excluded.browser_locale` }
            : {}),
        })
        .where('notify.peopleStatus.changedAt', '<=', sql<Date>`excluded.changed_at`),
    )
    .execute();
}

/** Of these people, the ones suspended or deactivated. */
export async function inactivePeople(
  db: Kysely<NotifyDB>,
  userIds: readonly string[],
): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('notify.peopleStatus')
    .select('userId')
    .where(isAnyOf('userId', userIds))
    .where('status', '!=', 'active')
    .execute();
  return new Set(rows.map((r) => r.userId));
}

/**
 * The language each of these people reads their emails in, by the same rule as identity's
 * account emails (`emailLocaleOf`); people not listed (never announced) read English.
 */
export async function localesOf(
  db: Kysely<NotifyDB>,
  userIds: readonly string[],
): Promise<Map<string, Locale>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('notify.peopleStatus')
    .select(['userId', 'locale', 'browserLocale'])
    .where(isAnyOf('userId', userIds))
    .execute();
  return new Map(rows.map((r) => [r.userId, emailLocaleOf(r)] as const));
}
