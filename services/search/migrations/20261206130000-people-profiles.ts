import type { Kysely } from 'kysely';

/**
 * People keep their picture too, and the time of the identity change their name and picture come
 * from: identity events apply only when newer, so a late redelivery cannot bring back an old name.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .withSchema('search')
    .alterTable('people')
    .addColumn('avatar_url', 'text')
    .addColumn('profile_at', 'timestamptz')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .withSchema('search')
    .alterTable('people')
    .dropColumn('avatar_url')
    .dropColumn('profile_at')
    .execute();
}
