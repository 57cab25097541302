import { describe, expect, it } from 'vitest';
import { InFlight, TtlCache } from './ttl-cache.js';

describe('TtlCache', () => {
  it('forgets entries once their time is up', () => {
    let now = 0;
    const cache = new TtlCache<string, number>({ maxEntries: 10, ttlMs: 100, now: () => now });
    cache.set('a', 1);
    cache.set('b', 2, 500);
    now = 99;
    expect(cache.get('a')).toBe(1);
    now = 100;
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('b')).toBe(2);
  });

  it('drops the least recently used entry when full', () => {
    const cache = new TtlCache<string, number>({ maxEntries: 2, ttlMs: 1_000 });
    cache.set('a', 1);
    cache.set('b', 2);
    cache.get('a');
    cache.set('c', 3);
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([1, undefined, 3]);
    expect(cache.size).toBe(2);
  });
});

describe('InFlight', () => {
  it('runs one piece of work per key at a time', async () => {
    const inFlight = new InFlight<string, number>();
    let runs = 0;
    const work = async () => ++runs;
    const [a, b] = await Promise.all([inFlight.run('k', work), inFlight.run('k', work)]);
    expect([a, b, runs]).toEqual([1, 1, 1]);
    expect(await inFlight.run('k', work)).toBe(2);
  });

  it('lets the next caller retry after a failure', async () => {
    const inFlight = new InFlight<string, number>();
    await expect(inFlight.run('k', () => Promise.reject(new Error('down')))).rejects.toThrow(
      'down',
    );
    expect(await inFlight.run('k', async () => 7)).toBe(7);
  });
});
