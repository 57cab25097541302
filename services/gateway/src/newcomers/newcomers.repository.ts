import { sql, type Kysely } from 'kysely';
import type { NewcomerLedger, NewcomerVerdict, NewcomerWriteKind } from './newcomers.logic.js';
import type { GatewayDatabase } from '../db.js';
import type { NewcomersDatabase } from './newcomers.tables.js';

/** A write counted ahead of doing it; kept once done, given back if it failed. */
export interface Reservation {
  id: string;
}

/** Stale rows deleted per reservation: a newcomer's write never waits on a long clean-up. */
export const PRUNE_BATCH = 100;

/**
 * What newcomers wrote in their first hours (`identity.newcomer_writes`), shared by every gateway
 * instance. A write is counted before it is made, under a per-person lock, so that requests in
 * flight at once (on one gateway or several) cannot all pass a cap each saw unreached.
 */
export function newcomersRepository(db: Kysely<GatewayDatabase & NewcomersDatabase>) {
  return {
    /**
     * Under the person's lock: reads what they wrote, asks `decide`, and when it allows the write
     * with something to count (a new post or answer, or an edit adding links), counts it.
     */
    async reserve(input: {
      userId: string;
      kind: NewcomerWriteKind;
      /** The post or answer edited (null for a new one: its id is known only once written). */
      targetId: string | null;
      at: Date;
      /**
       * Rows written before this are anyone's past their first hours (the row is younger than
       * its writer's account), so they count for nobody any more.
       */
      staleBefore: Date;
      decide: (ledger: NewcomerLedger) => NewcomerVerdict;
    }): Promise<{ verdict: NewcomerVerdict; reservation?: Reservation }> {
      return db.transaction().execute(async (trx) => {
        // Newcomers' writes clear the rows of those whose first day is over, a batch at a time,
        // so the table holds about one day of newcomers' writes (`newcomer_writes_at_idx`).
        await sql`delete from identity.newcomer_writes where id in (
            select id from identity.newcomer_writes where at < ${input.staleBefore}
            order by at limit ${PRUNE_BATCH}
            for update skip locked)`.execute(trx);
        // One lock per person for the length of this transaction, whichever gateway asks.
        await sql`select pg_advisory_xact_lock(hashtextextended(${`newcomer:${input.userId}`}, 0))`.execute(
          trx,
        );
        const totals = await trx
          .selectFrom('identity.newcomerWrites')
          .where('userId', '=', input.userId)
          .select([
            sql<string>`count(*) filter (where kind <> 'edit')`.as('posts'),
            sql<string>`coalesce(sum(links), 0)`.as('links'),
            sql<string>`coalesce(sum(links) filter (where target_id = ${input.targetId}), 0)`.as(
              'linksOfTarget',
            ),
          ])
          .executeTakeFirstOrThrow();
        const verdict = input.decide({
          posts: Number(totals.posts),
          links: Number(totals.links),
          linksOfTarget: Number(totals.linksOfTarget),
        });
        if (!verdict.allowed || (input.kind === 'edit' && verdict.links === 0)) return { verdict };
        const row = await trx
          .insertInto('identity.newcomerWrites')
          .values({
            userId: input.userId,
            at: input.at,
            kind: input.kind,
            targetId: input.targetId,
            links: verdict.links,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        return { verdict, reservation: { id: row.id } };
      });
    },

    /** Names the post or answer a reserved new write became (so that its edits are measured). */
    async written(reservation: Reservation, targetId: string): Promise<void> {
      await db
        .updateTable('identity.newcomerWrites')
        .set({ targetId })
        .where('id', '=', reservation.id)
        .execute();
    },

    /** Gives a reservation back: the write was refused or failed. */
    async release(reservation: Reservation): Promise<void> {
      await db.deleteFrom('identity.newcomerWrites').where('id', '=', reservation.id).execute();
    },
  };
}

export type NewcomersRepository = ReturnType<typeof newcomersRepository>;
