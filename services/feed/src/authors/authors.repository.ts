import type { Actor } from '@outloud/contracts';
import type { Kysely } from 'kysely';
import type { FeedDB } from '../db.js';

/** Keeps the feed's copy of a person's public name current; called inside write transactions. */
export async function upsertAuthor(db: Kysely<FeedDB>, actor: Actor, now: Date): Promise<void> {
  await db
    .insertInto('feed.authors')
    .values({ id: actor.id, handle: actor.handle, displayName: actor.displayName, updatedAt: now })
    .onConflict((oc) =>
      oc
        .column('id')
        .doUpdateSet({ handle: actor.handle, displayName: actor.displayName, updatedAt: now }),
    )
    .execute();
}

/** Resolves `author` filters given as a handle or an id. */
export async function findAuthorId(
  db: Kysely<FeedDB>,
  handleOrId: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('feed.authors')
    .select('id')
    .where((eb) =>
      /^[0-9a-f-]{36}$/i.test(handleOrId)
        ? eb.or([eb('id', '=', handleOrId), eb('handle', '=', handleOrId)])
        : eb('handle', '=', handleOrId),
    )
    .executeTakeFirst();
  return row?.id;
}
