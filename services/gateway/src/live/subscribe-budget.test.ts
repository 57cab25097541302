import { describe, expect, it } from 'vitest';
import { createSubscribeBudget } from './subscribe-budget.js';

const verdicts = (take: () => string, n: number) => Array.from({ length: n }, take);

describe('subscribe budget', () => {
  it('accepts a burst, then refuses until time refills it', () => {
    let now = 0;
    const budget = createSubscribeBudget({ perSecond: 10, burst: 5, now: () => now });
    expect(verdicts(budget.take, 6)).toEqual([...Array(5).fill('accept'), 'refuse']);
    now += 100; // one more message's worth
    expect(verdicts(budget.take, 2)).toEqual(['accept', 'refuse']);
    now += 10_000;
    expect(verdicts(budget.take, 5)).toEqual(Array(5).fill('accept'));
  });

  it('disconnects a socket that keeps sending past three times its burst', () => {
    const budget = createSubscribeBudget({ perSecond: 10, burst: 5, now: () => 0 });
    const all = verdicts(budget.take, 21);
    expect(all.slice(0, 5)).toEqual(Array(5).fill('accept'));
    expect(all.slice(5, 20)).toEqual(Array(15).fill('refuse'));
    expect(all[20]).toBe('disconnect');
  });

  it('forgives occasional bursts', () => {
    let now = 0;
    const budget = createSubscribeBudget({ perSecond: 10, burst: 5, now: () => now });
    for (let round = 0; round < 20; round++) {
      expect(verdicts(budget.take, 8)).not.toContain('disconnect');
      now += 2_000;
    }
  });
});
