import { IdentityEvents, type UserChangedV1 } from '@outloud/contracts';
import { sql, type Kysely } from 'kysely';
import type { SearchDB } from '../db.js';
import { markDirty } from './projection.repository.js';

/** The identity events search follows (others are acked and skipped). */
export const identityEventSchemas = {
  'identity.user.changed.v1': IdentityEvents['identity.user.changed.v1'].schema,
};

/**
 * A person's new name, picture or status: their row in `search.people` follows (only when the event is
 * newer than what it holds, so a redelivery or a late event changes nothing), and their people
 * document and posts are marked for rewriting so that their name is found under the new one.
 * Events that change nothing search shows (a new language, say) rewrite nothing.
 */
export async function applyUserChanged(trx: Kysely<SearchDB>, event: UserChangedV1): Promise<void> {
  const person = event.data;
  const at = new Date(event.occurredAt);
  const before = await trx
    .selectFrom('search.people')
    .select(['handle', 'displayName', 'avatarUrl', 'status'])
    .where('id', '=', person.id)
    .forUpdate()
    .executeTakeFirst();
  const applied = await trx
    .insertInto('search.people')
    .values({
      id: person.id,
      handle: person.handle,
      displayName: person.displayName,
      avatarUrl: person.avatarUrl,
      status: person.status,
      profileAt: at,
    })
    .onConflict((oc) =>
      oc
        .column('id')
        .doUpdateSet({
          handle: person.handle,
          displayName: person.displayName,
          avatarUrl: person.avatarUrl,
          status: person.status,
          profileAt: at,
        })
        .where(sql<boolean>`search.people.profile_at is null or search.people.profile_at <= ${at}`),
    )
    .returning('id')
    .executeTakeFirst();
  if (!applied) return;
  const unchanged =
    before !== undefined &&
    before.handle === person.handle &&
    before.displayName === person.displayName &&
    before.avatarUrl === person.avatarUrl &&
    before.status === person.status;
  if (unchanged) return;
  await markDirty(trx, 'person', [person.id]);
  // Posts carry their author's name for text search; a set query, so a prolific author is one
  // statement however many posts they wrote.
  await sql`insert into search.index_queue (kind, id, generation)
    select 'post', post_id, nextval('search.index_generation')
      from search.post_facts where author_id = ${person.id} and not deleted
    on conflict (kind, id) do update set generation = excluded.generation, marked_at = now()`.execute(
    trx,
  );
}
