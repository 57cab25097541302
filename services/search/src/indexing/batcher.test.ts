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
});
