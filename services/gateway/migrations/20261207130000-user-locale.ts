import { type Kysely } from 'kysely';

// Written against Kysely<any> on purpose: migrations never import application types.
/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * The language a person chose for the interface and their emails; null follows the browser
 * (and English in emails).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.withSchema('identity').alterTable('users').addColumn('locale', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.withSchema('identity').alterTable('users').dropColumn('locale').execute();
}
