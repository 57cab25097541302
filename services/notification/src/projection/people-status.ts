import { IdentityEvents, type UserStatus } from '@outloud/contracts';
import { sql, type Kysely } from 'kysely';
import type { NotifyDB } from '../db.js';
import { isAnyOf } from '../sql.js';

/** The identity events the notification service follows. */
export const identityEventSchemas = {
  'identity.user.changed.v1': IdentityEvents['identity.user.changed.v1'].schema,
};

/**
 * Records a person's status from an identity event. A change older than the one recorded is
 * ignored, so redeliveries and out-of-order events leave the newest status in place.
 */
export async function applyPersonStatus(
  db: Kysely<NotifyDB>,
  change: { userId: string; status: UserStatus; at: Date },
): Promise<void> {
  await db
    .insertInto('notify.peopleStatus')
    .values({ userId: change.userId, status: change.status, changedAt: change.at })
    .onConflict((oc) =>
      oc
        .column('userId')
        .doUpdateSet({
          status: sql<UserStatus>`excluded.status`,
          changedAt: sql<Date>`excluded.changed_at`,
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
