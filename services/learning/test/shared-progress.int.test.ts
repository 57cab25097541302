import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnvelope } from '@outloud/bus';
import { names as makeNames, type Channel } from '@outloud/contracts';
import { createDb } from '@outloud/db';
import { createTestDatabase, testPrefix, type TestDatabase } from '@outloud/testkit';
import { sql, type Kysely } from 'kysely';
import { down, up } from '../migrations/20261206100000-shared-progress.js';
import { learningMigrations } from '../src/app.js';
import type { LearnDB } from '../src/db.js';
import { applyFeedEvent } from '../src/projection/apply-feed-event.js';

describe('shared goal progress', () => {
  let database: TestDatabase;
  let db: Kysely<LearnDB>;
  const names = makeNames(testPrefix());
  const now = new Date('2026-12-06T12:00:00Z');
  const earlier = new Date('2026-12-01T12:00:00Z');

  beforeAll(async () => {
    database = await createTestDatabase({ migrations: [learningMigrations] });
    db = createDb<LearnDB>({ url: database.url, max: 2 });
  });
  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  /** A person with a measurable "tips" goal and tips in the given channels. */
  async function learnerWithTips(tips: { channelId: string; visibility: 'public' | 'private' }[]) {
    const ownerId = randomUUID();
    const goalId = randomUUID();
    await db
      .insertInto('learn.goals')
      .values({
        id: goalId,
        ownerId,
        title: 'Share tips',
        why: '',
        tags: [],
        visibility: 'public',
        status: 'active',
        metric: 'tips',
        metricTag: null,
        targetCount: 2,
        progress: tips.length,
        sharedProgress: tips.filter((t) => t.visibility === 'public').length,
        createdAt: earlier,
        updatedAt: earlier,
      })
      .execute();
    for (const tip of tips) {
      const id = randomUUID();
      await db
        .insertInto('learn.contributions')
        .values({
          id,
          kind: 'tip',
          postId: id,
          postKind: 'tip',
          channelId: tip.channelId,
          visibility: tip.visibility,
          authorId: ownerId,
          title: 'A tip',
          tags: [],
          score: 0,
          acceptedAnswerId: null,
          createdAt: now,
          version: 1,
        })
        .execute();
    }
    return goalId;
  }

  const goal = (id: string) =>
    db
      .selectFrom('learn.goals')
      .select(['progress', 'sharedProgress', 'status', 'sharedAchievedAt', 'updatedAt'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();

  it('the migration counts existing goals from public channels only', async () => {
    const secret = randomUUID();
    const open = randomUUID();
    const id = await learnerWithTips([
      { channelId: secret, visibility: 'private' },
      { channelId: secret, visibility: 'private' },
      { channelId: open, visibility: 'public' },
    ]);
    await down(db as never);
    await up(db as never);
    expect(await goal(id)).toMatchObject({
      progress: 3,
      sharedProgress: 1,
      sharedAchievedAt: null,
    });
  });

  it('a channel turning public starts counting, and turning private again stops', async () => {
    const channelId = randomUUID();
    const other = randomUUID();
    const id = await learnerWithTips([
      { channelId, visibility: 'private' },
      { channelId: other, visibility: 'public' },
    ]);
    const channel: Channel = {
      id: channelId,
      slug: 'team',
      name: 'Team',
      description: '',
      visibility: 'private',
      memberCount: 3,
      createdAt: earlier.toISOString(),
      ownerId: null,
    };
    const update = (visibility: 'public' | 'private') =>
      db
        .transaction()
        .execute((trx) =>
          applyFeedEvent(
            trx,
            names,
            createEnvelope(
              'feed.channel.updated.v1',
              { channel: { ...channel, visibility } },
              null,
              now,
            ),
            now,
          ),
        );

    await update('public');
    expect(await goal(id)).toMatchObject({ progress: 2, sharedProgress: 2 });
    expect((await goal(id)).sharedAchievedAt).toEqual(now);

    await update('private');
    expect(await goal(id)).toMatchObject({
      progress: 2,
      sharedProgress: 1,
      status: 'achieved',
      sharedAchievedAt: null,
    });

    const { rows } = await sql<{ progress: number; achieved: boolean }>`
      select (payload->'data'->>'progress')::int as progress,
        (payload->'data'->>'achieved')::boolean as achieved
      from learn.outbox
      where payload->>'type' = 'learning.goal.progressed.v1' and payload->'data'->>'goalId' = ${id}
      order by seq`.execute(db);
    const progressed = rows.map((r) => [r.progress, r.achieved]);
    expect(progressed).toEqual([
      [2, true],
      [1, false],
    ]);
  });
});
