import { createEnvelope } from '@outloud/bus';
import type { UserChangedV1 } from '@outloud/contracts';
import { createDb } from '@outloud/db';
import { createTestDatabase } from '@outloud/testkit';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchMigrations } from '../src/app.js';
import type { SearchDB } from '../src/db.js';
import { applyUserChanged } from '../src/projection/identity-events.js';

const personId = '0193f000-0000-7000-8000-000000000001';

function changed(at: string, data: Partial<UserChangedV1['data']> = {}): UserChangedV1 {
  return createEnvelope(
    'identity.user.changed.v1',
    {
      id: personId,
      handle: 'ada',
      displayName: 'Ada',
      avatarUrl: null,
      status: 'active' as const,
      ...data,
    },
    null,
    new Date(at),
  );
}

describe('identity events in search', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Kysely<SearchDB>;

  beforeAll(async () => {
    database = await createTestDatabase({ migrations: [searchMigrations] });
    db = createDb<SearchDB>({ url: database.url });
    await db
      .insertInto('search.postFacts')
      .values({
        postId: '0193f000-0000-7000-8000-0000000000aa',
        channelId: '0193f000-0000-7000-8000-0000000000cc',
        visibility: 'public',
        authorId: personId,
        kind: 'tip',
        title: 'A tip',
        bodyText: 'Body',
        tags: [],
        score: 0,
        answerCount: 0,
        acceptedAnswerId: null,
        createdAt: new Date('2026-12-01T00:00:00Z'),
        version: 1,
      })
      .execute();
  });

  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  const queued = async () =>
    Number(
      (
        await db
          .selectFrom('search.indexQueue')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const apply = (event: UserChangedV1) =>
    db.transaction().execute((trx) => applyUserChanged(trx, event));

  it("rewrites a person's posts when their name changes, not when only their language does", async () => {
    await apply(changed('2026-12-06T10:00:00Z'));
    expect(await queued()).toBe(1);
    await db.deleteFrom('search.indexQueue').execute();

    await apply(changed('2026-12-06T11:00:00Z', { locale: 'de', browserLocale: 'de' }));
    expect(await queued()).toBe(0);

    await apply(changed('2026-12-06T12:00:00Z', { displayName: 'Ada Lovelace' }));
    expect(await queued()).toBe(1);
    const row = await db
      .selectFrom('search.people')
      .select(['displayName', 'profileAt'])
      .where('id', '=', personId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      displayName: 'Ada Lovelace',
      profileAt: new Date('2026-12-06T12:00:00Z'),
    });
  });
});
