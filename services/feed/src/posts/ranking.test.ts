import { describe, expect, it } from 'vitest';
import { OUTDATED_RANK_PENALTY, rank, RANK_DECAY_SECONDS } from './ranking.js';

describe('rank', () => {
  const t0 = new Date('2026-06-01T00:00:00Z');
  const later = new Date(t0.getTime() + RANK_DECAY_SECONDS * 1000);

  it('orders equal scores by recency', () => {
    expect(rank(5, later)).toBeGreaterThan(rank(5, t0));
  });

  it('lets ten times the votes make up for 12.5 hours', () => {
    expect(rank(10, t0)).toBeCloseTo(rank(1, later), 10);
    expect(rank(11, t0)).toBeGreaterThan(rank(1, later));
  });

  it('treats zero and one vote alike', () => {
    expect(rank(0, t0)).toBe(rank(1, t0));
  });

  it('ranks outdated content as if it were 30 days older', () => {
    const monthLater = new Date(t0.getTime() + 30 * 24 * 60 * 60 * 1000);
    expect(rank(5, monthLater, true)).toBeCloseTo(rank(5, t0), 10);
    expect(rank(1000, t0, true)).toBeLessThan(rank(0, new Date(t0.getTime() + 1000)));
    expect(OUTDATED_RANK_PENALTY).toBeGreaterThan(0);
  });
});
