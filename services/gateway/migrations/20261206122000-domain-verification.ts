import { type Kysely } from 'kysely';

// Written against Kysely<any> on purpose: migrations never import application types.
/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * People let in only because their address is at an allowed domain must prove they own it:
 * until they confirm it, their session reaches nothing but the confirmation itself.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .withSchema('identity')
    .alterTable('users')
    .addColumn('verification_required', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .withSchema('identity')
    .alterTable('users')
    .dropColumn('verification_required')
    .execute();
}
