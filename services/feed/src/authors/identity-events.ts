import { IdentityEvents, type UserChangedV1 } from '@outloud/contracts';
import { sql, type Kysely } from 'kysely';
import type { FeedDB } from '../db.js';

/** The identity events the feed follows (others are acked and skipped). */
export const identityEventSchemas = {
  'identity.user.changed.v1': IdentityEvents['identity.user.changed.v1'].schema,
};

/**
 * Keeps the feed's copy of a person (name, handle, picture) in step with identity, so posts,
 * answers, revisions and member lists show who they are now. Idempotent, and applied only when
 * newer than what the row holds: a redelivered or late event changes nothing.
 */
export async function applyUserChanged(
  db: Kysely<FeedDB>,
  event: UserChangedV1,
  now: Date,
): Promise<void> {
  const person = event.data;
  const at = new Date(event.occurredAt);
  await db
    .insertInto('feed.authors')
    .values({
      id: person.id,
      handle: person.handle,
      displayName: person.displayName,
      avatarUrl: person.avatarUrl,
      profileAt: at,
      updatedAt: now,
    })
    .onConflict((oc) =>
      oc
        .column('id')
        .doUpdateSet({
          handle: person.handle,
          displayName: person.displayName,
          avatarUrl: person.avatarUrl,
          profileAt: at,
          updatedAt: now,
        })
        .where(sql<boolean>`feed.authors.profile_at is null or feed.authors.profile_at <= ${at}`),
    )
    .execute();
}
