import type { Actor, AuthorRef } from '@outloud/contracts';
import type { Kysely } from 'kysely';
import type { FeedDB } from '../db.js';

/**
 * Keeps the feed's copy of a person's public name current; called inside write transactions.
 * It writes only when the name is new or changed: an upsert would lock the person's row until the
 * transaction ends, queueing every other write by the same person behind it.
 */
export async function upsertAuthorRef(
  db: Kysely<FeedDB>,
  person: AuthorRef,
  now: Date,
): Promise<void> {
  const current = await db
    .selectFrom('feed.authors')
    .select(['handle', 'displayName'])
    .where('id', '=', person.id)
    .executeTakeFirst();
  if (current?.handle === person.handle && current.displayName === person.displayName) return;
  await db
    .insertInto('feed.authors')
    .values({
      id: person.id,
      handle: person.handle,
      displayName: person.displayName,
      updatedAt: now,
    })
    .onConflict((oc) =>
      oc
        .column('id')
        .doUpdateSet({ handle: person.handle, displayName: person.displayName, updatedAt: now }),
    )
    .execute();
}

export async function upsertAuthor(db: Kysely<FeedDB>, actor: Actor, now: Date): Promise<void> {
  await upsertAuthorRef(db, actor, now);
}

/** A person as content shows them; `avatarUrl` only when they have a picture. */
export function authorRefOf(
  id: string,
  handle: string,
  displayName: string,
  avatarUrl: string | null,
): AuthorRef {
  return avatarUrl ? { id, handle, displayName, avatarUrl } : { id, handle, displayName };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Resolves `author` filters given as a handle or an id. */
export async function findAuthorId(
  db: Kysely<FeedDB>,
  handleOrId: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('feed.authors')
    .select('id')
    .where((eb) =>
      UUID.test(handleOrId)
        ? eb('id', '=', handleOrId)
        : eb('handle', '=', handleOrId.toLowerCase()),
    )
    .executeTakeFirst();
  return row?.id;
}
