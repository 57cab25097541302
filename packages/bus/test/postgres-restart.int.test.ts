import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createDb } from '@outloud/db';
import { eventually, startPrivatePostgres } from '@outloud/testkit';

describe('a Postgres crash under a service', () => {
  it('fails the transaction it cuts short without crashing the process, then serves again', async () => {
    await using postgres = await startPrivatePostgres();
    const db = createDb<unknown>({ url: postgres.url, max: 2 });
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', onUncaught);
    try {
      // A transaction holds a pooled connection (as the outbox relay does while it publishes)
      // when the server goes down.
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      let inside!: () => void;
      const entered = new Promise<void>((r) => (inside = r));
      const transaction = db.transaction().execute(async (trx) => {
        await sql`select 1`.execute(trx);
        inside();
        await held;
        await sql`select 1`.execute(trx);
      });
      const outcome = transaction.then(
        () => 'committed',
        () => 'failed',
      );
      await entered;
      await postgres.stop();
      // Let the dropped connection's events fire before the transaction moves on.
      await new Promise((r) => setTimeout(r, 200));
      release();
      expect(await outcome).toBe('failed');
      expect(uncaught).toEqual([]);

      await postgres.start();
      const answer = await eventually(
        async () => (await sql<{ one: number }>`select 1 as one`.execute(db)).rows[0]?.one,
        { timeoutMs: 10_000, what: 'a query after the restart' },
      );
      expect(answer).toBe(1);
      expect(uncaught).toEqual([]);
    } finally {
      process.off('uncaughtException', onUncaught);
      await db.destroy();
    }
  });
});
