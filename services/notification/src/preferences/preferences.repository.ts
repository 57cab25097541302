import {
  NOTIFICATION_TYPES,
  type NotificationPreferences,
  type NotificationPreferencesUpdate,
  type NotificationType,
} from '@outloud/contracts';
import { sql, type Kysely } from 'kysely';
import type { NotifyDB } from '../db.js';
import { isAnyOf } from '../sql.js';

/** Everyone hears about everything and gets the digest until they say otherwise. */
export const DEFAULT_PREFERENCES: NotificationPreferences = {
  types: Object.fromEntries(NOTIFICATION_TYPES.map((t) => [t, true])) as Record<
    NotificationType,
    boolean
  >,
  digest: true,
};

function toPreferences(row: { muted: string[]; digest: boolean } | undefined) {
  if (!row) return DEFAULT_PREFERENCES;
  const muted = new Set(row.muted);
  return {
    types: Object.fromEntries(NOTIFICATION_TYPES.map((t) => [t, !muted.has(t)])) as Record<
      NotificationType,
      boolean
    >,
    digest: row.digest,
  };
}

export async function getPreferences(
  db: Kysely<NotifyDB>,
  userId: string,
): Promise<NotificationPreferences> {
  const row = await db
    .selectFrom('notify.preferences')
    .select(['muted', 'digest'])
    .where('userId', '=', userId)
    .executeTakeFirst();
  return toPreferences(row);
}

export async function setPreferences(
  db: Kysely<NotifyDB>,
  userId: string,
  update: NotificationPreferencesUpdate,
  now: Date,
): Promise<NotificationPreferences> {
  return db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('notify.preferences')
      .select(['muted', 'digest'])
      .where('userId', '=', userId)
      .forUpdate()
      .executeTakeFirst();
    const merged = toPreferences(current);
    const types = { ...merged.types, ...update.types };
    const digest = update.digest ?? merged.digest;
    const muted = NOTIFICATION_TYPES.filter((t) => !types[t]);
    await trx
      .insertInto('notify.preferences')
      .values({ userId, muted, digest, updatedAt: now })
      .onConflict((oc) => oc.column('userId').doUpdateSet({ muted, digest, updatedAt: now }))
      .execute();
    return { types, digest };
  });
}

/** The muted kinds of several people in one query (people with none are absent). */
export async function mutedTypes(
  db: Kysely<NotifyDB>,
  userIds: readonly string[],
): Promise<Map<string, Set<string>>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('notify.preferences')
    .select(['userId', 'muted'])
    .where(isAnyOf('userId', userIds))
    .where(sql<boolean>`cardinality(muted) > 0`)
    .execute();
  return new Map(rows.map((r) => [r.userId, new Set(r.muted)]));
}
