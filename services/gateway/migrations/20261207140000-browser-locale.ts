import { type Kysely } from 'kysely';

// Written against Kysely<any> on purpose: migrations never import application types.
/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * The best supported language the person's browser last asked for (`Accept-Language`), and when
 * it was recorded: emails use it while `locale` (the person's own choice) is null.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .withSchema('identity')
    .alterTable('users')
    .addColumn('browser_locale', 'text')
    .addColumn('browser_locale_at', 'timestamptz')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .withSchema('identity')
    .alterTable('users')
    .dropColumn('browser_locale')
    .dropColumn('browser_locale_at')
    .execute();
}
