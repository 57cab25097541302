import type { AuthorRef } from '@outloud/contracts';
import { describe, expect, it } from 'vitest';
import { createPeopleCache } from './people-cache.js';

const ada: AuthorRef = { id: 'a', handle: 'ada', displayName: 'Ada' };
const grace: AuthorRef = { id: 'g', handle: 'grace', displayName: 'Grace' };

/** A projection that counts the ids it was asked for. */
function projection(people: AuthorRef[]) {
  const asked: string[][] = [];
  const load = async (ids: string[]) => {
    asked.push(ids);
    return new Map(people.filter((p) => ids.includes(p.id)).map((p) => [p.id, p]));
  };
  return { asked, load, people };
}

describe('people cache', () => {
  it('reads the projection once for people it already holds, and only for the rest', async () => {
    const cache = createPeopleCache({ now: () => 0 });
    const db = projection([ada, grace]);
    expect(await cache.get(['a', 'a'], db.load)).toEqual(new Map([['a', ada]]));
    expect(await cache.get(['a', 'g'], db.load)).toEqual(
      new Map([
        ['a', ada],
        ['g', grace],
      ]),
    );
    expect(await cache.get(['g', 'a'], db.load)).toEqual(
      new Map([
        ['g', grace],
        ['a', ada],
      ]),
    );
    expect(db.asked).toEqual([['a'], ['g']]);
  });

  it('reads a person again after a change applied here, and after the time to live', async () => {
    let now = 0;
    const cache = createPeopleCache({ now: () => now, ttlMs: 1_000 });
    const db = projection([ada]);
    await cache.get(['a'], db.load);
    db.people[0] = { ...ada, displayName: 'Ada Lovelace' };
    cache.forget('a');
    expect((await cache.get(['a'], db.load)).get('a')?.displayName).toBe('Ada Lovelace');
    now = 999;
    await cache.get(['a'], db.load);
    now = 1_000;
    await cache.get(['a'], db.load);
    expect(db.asked).toEqual([['a'], ['a'], ['a']]);
  });

  it('does not keep what was loading while a change was applied', async () => {
    const cache = createPeopleCache({ now: () => 0 });
    const db = projection([ada]);
    await cache.get(['a'], async (ids) => {
      cache.forget('a');
      return db.load(ids);
    });
    await cache.get(['a'], db.load);
    expect(db.asked).toEqual([['a'], ['a']]);
  });

  it('does not keep people the projection does not know', async () => {
    const cache = createPeopleCache({ now: () => 0 });
    const db = projection([]);
    expect(await cache.get(['x'], db.load)).toEqual(new Map());
    await cache.get(['x'], db.load);
    expect(db.asked).toEqual([['x'], ['x']]);
  });

  it('holds at most maxEntries people, dropping the oldest first', async () => {
    const cache = createPeopleCache({ now: () => 0, maxEntries: 1 });
    const db = projection([ada, grace]);
    await cache.get(['a'], db.load);
    await cache.get(['g'], db.load);
    await cache.get(['g'], db.load);
    await cache.get(['a'], db.load);
    expect(db.asked).toEqual([['a'], ['g'], ['a']]);
  });
});
