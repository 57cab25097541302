import { describe, expect, it } from 'vitest';
import { Batcher } from './batcher.js';

describe('Batcher', () => {
  it('flushes when the batch is full', async () => {
    const batches: number[][] = [];
    const batcher = new Batcher<number>(async (items) => void batches.push(items), {
      maxItems: 3,
      maxDelayMs: 10_000,
    });
    await Promise.all([1, 2, 3].map((n) => batcher.add(n)));
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('flushes a partial batch after the delay', async () => {
    const batches: number[][] = [];
    const batcher = new Batcher<number>(async (items) => void batches.push(items), {
      maxItems: 100,
      maxDelayMs: 5,
    });
    await Promise.all([batcher.add(1), batcher.add(2)]);
    expect(batches).toEqual([[1, 2]]);
  });

  it('rejects every item of a failed batch', async () => {
    const batcher = new Batcher<number>(async () => Promise.reject(new Error('down')), {
      maxItems: 2,
      maxDelayMs: 5,
    });
    const results = await Promise.allSettled([batcher.add(1), batcher.add(2)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });

  it('keeps batches in order', async () => {
    const seen: number[] = [];
    const batcher = new Batcher<number>(
      async (items) => {
        await new Promise((r) => setTimeout(r, items[0] === 1 ? 20 : 0));
        seen.push(...items);
      },
      { maxItems: 1, maxDelayMs: 5 },
    );
    await Promise.all([batcher.add(1), batcher.add(2)]);
    expect(seen).toEqual([1, 2]);
  });

  it('retries a failed batch item by item, so only the bad item fails', async () => {
    const flushed: number[] = [];
    const batcher = new Batcher<number>(
      async (items) => {
        if (items.includes(2)) throw new Error('bad item');
        flushed.push(...items);
      },
      {
        maxItems: 3,
        maxDelayMs: 10_000,
        flushOne: async (item) => {
          if (item === 2) throw new Error('bad item');
          flushed.push(item);
        },
      },
    );
    const results = await Promise.allSettled([1, 2, 3].map((n) => batcher.add(n)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(flushed).toEqual([1, 3]);
  });

  it('sends what arrived during a flush as one batch when it ends', async () => {
    const batches: number[][] = [];
    let release: () => void = () => undefined;
    const first = new Promise<void>((r) => (release = r));
    let started: () => void = () => undefined;
    const firstStarted = new Promise<void>((r) => (started = r));
    const batcher = new Batcher<number>(
      async (items) => {
        batches.push(items);
        if (batches.length > 1) return;
        started();
        await first;
      },
      { maxItems: 10, maxDelayMs: 1 },
    );
    const one = batcher.add(1);
    await firstStarted;
    const rest = [2, 3, 4].map((n) => batcher.add(n));
    release();
    await Promise.all([one, ...rest]);
    expect(batches).toEqual([[1], [2, 3, 4]]);
  });

  it('drains what is waiting', async () => {
    const batches: number[][] = [];
    const batcher = new Batcher<number>(async (items) => void batches.push(items), {
      maxItems: 100,
      maxDelayMs: 10_000,
    });
    const added = [batcher.add(1), batcher.add(2)];
    await batcher.drain();
    await Promise.all(added);
    expect(batches).toEqual([[1, 2]]);
  });
});
