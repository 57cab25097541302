import { describe, expect, it } from 'vitest';
import { countWithinBudget, jsonBytes } from './bounded.js';

describe('countWithinBudget', () => {
  const item = { text: '字'.repeat(100) }; // 300 bytes of text plus the JSON around it

  it('counts the items that fit, in UTF-8 bytes', () => {
    const size = jsonBytes(item) + 1;
    expect(countWithinBudget([item, item, item], size * 2)).toBe(2);
    expect(countWithinBudget([item, item, item], size * 3)).toBe(3);
    expect(countWithinBudget([item, item, item], size * 3, 1)).toBe(2);
  });

  it('always lets one item through, and none out of none', () => {
    expect(countWithinBudget([item, item], 10)).toBe(1);
    expect(countWithinBudget([], 10)).toBe(0);
  });
});
