import { sql, type Kysely } from 'kysely';
import { createOutboxTable } from '../../src/outbox.js';
import { createProcessedEventsTable } from '../../src/idempotency.js';

/** A schema standing in for a service: an outbox, a processed-events table and a side effect. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await createOutboxTable(db, 'bustest');
  await createProcessedEventsTable(db, 'bustest');
  await db.schema
    .withSchema('bustest')
    .createTable('effects')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('event_id', 'uuid', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropSchema('bustest').cascade().execute();
}
