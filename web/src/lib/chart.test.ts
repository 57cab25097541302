import { describe, expect, it } from 'vitest';
import { barPercent, withBarPercents } from './chart';

describe('barPercent', () => {
  it('is proportional to the largest value, to a tenth of a percent', () => {
    expect(barPercent(10, 10)).toBe(100);
    expect(barPercent(5, 10)).toBe(50);
    expect(barPercent(1, 3)).toBe(33.3);
  });

  it('keeps small positive values visible', () => {
    expect(barPercent(0.01, 100)).toBe(2);
    expect(barPercent(0.01, 100, 5)).toBe(5);
  });

  it('is 0 for zero, negative or missing values and never above 100', () => {
    expect(barPercent(0, 10)).toBe(0);
    expect(barPercent(-3, 10)).toBe(0);
    expect(barPercent(3, 0)).toBe(0);
    expect(barPercent(Number.NaN, 10)).toBe(0);
    expect(barPercent(20, 10)).toBe(100);
  });
});

describe('withBarPercents', () => {
  it('sizes each item against the highest score', () => {
    expect(
      withBarPercents([
        { tag: 'git', score: 8 },
        { tag: 'sql', score: 2 },
      ]),
    ).toEqual([
      { tag: 'git', score: 8, percent: 100 },
      { tag: 'sql', score: 2, percent: 25 },
    ]);
  });

  it('handles an empty list and all-zero scores', () => {
    expect(withBarPercents([])).toEqual([]);
    expect(withBarPercents([{ tag: 'a', score: 0 }])).toEqual([{ tag: 'a', score: 0, percent: 0 }]);
  });
});
