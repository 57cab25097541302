import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedWorld, makeActor, type FeedWorld } from './world.js';

describe('welcome', () => {
  let world: FeedWorld;

  beforeAll(async () => {
    world = await feedWorld();
  });
  afterAll(async () => {
    await world[Symbol.asyncDispose]();
  });

  /** Waits until some statement of this database waits for a row lock. */
  async function someoneWaitsForALock(): Promise<void> {
    for (let attempt = 0; attempt < 500; attempt++) {
      const { rows } = await sql<{ n: number }>`
        select count(*)::int as n from pg_stat_activity
         where datname = current_database() and wait_event_type = 'Lock'`.execute(world.db);
      if ((rows[0]?.n ?? 0) > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error('nobody waited for a lock');
  }

  it('locks the channels it joins in id order, so that two sign-ups cannot deadlock', async () => {
    // Each join updates its channel's member count, locking the row until the sign-up commits.
    const low = '00000000-0000-4000-8000-000000000001';
    const high = 'ffffffff-ffff-4fff-bfff-fffffffffffe';
    // Written high first: a scan in storage order meets the high id before the low one.
    for (const [id, slug] of [
      [high, 'zz-welcome'],
      [low, 'aa-welcome'],
    ] as const) {
      await world.db
        .insertInto('feed.channels')
        .values({ id, slug, name: slug, visibility: 'public', ownerId: null, autoJoin: true })
        .execute();
    }

    await world.db.connection().execute(async (holder) => {
      // Another sign-up holds the low channel's row.
      await sql`begin`.execute(holder);
      await sql`update feed.channels set name = name where id = ${low}`.execute(holder);
      const joining = world.client.call('welcome', { actor: makeActor() });
      await someoneWaitsForALock();
      // Waiting for the lowest id, the welcome must not be holding any higher one meanwhile.
      const { rows } = await sql<{ id: string }>`
        select id from feed.channels where id = ${high} for no key update skip locked`.execute(
        world.db,
      );
      await sql`rollback`.execute(holder);
      const { channelIds } = await joining;
      expect(channelIds).toEqual(expect.arrayContaining([low, high]));
      expect(rows).toEqual([{ id: high }]);
    });
  });
});
