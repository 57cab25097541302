import { sql, type Kysely, type Transaction } from 'kysely';

/** Creates `<schema>.processed_events`; call from a consuming service's migration. */
export async function createProcessedEventsTable(
  db: Kysely<unknown>,
  schema: string,
): Promise<void> {
  await db.schema
    .withSchema(schema)
    .createTable('processed_events')
    .addColumn('event_id', 'uuid', (c) => c.primaryKey())
    .addColumn('processed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

/**
 * Runs `work` in a transaction at most once per event id: the id is recorded in the same
 * transaction, so a redelivered event finds it and does nothing. Returns whether work ran.
 */
export async function oncePerEvent<DB>(
  db: Kysely<DB>,
  schema: string,
  eventId: string,
  work: (trx: Transaction<DB>) => Promise<void>,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const inserted = await sql`insert into ${sql.id(schema, 'processed_events')} (event_id)
      values (${eventId}) on conflict do nothing`.execute(trx);
    if (!inserted.numAffectedRows) return false;
    await work(trx);
    return true;
  });
}
