import { describe, expect, it } from 'vitest';
import { dateInputValue, pinnedUntilFromDate, validatePinnedDate } from './pinned';

describe('pinnedUntilFromDate', () => {
  it('pins until the end of the chosen local day', () => {
    const iso = pinnedUntilFromDate('2025-06-30');
    expect(iso).not.toBeNull();
    const date = new Date(iso ?? '');
    expect([date.getFullYear(), date.getMonth(), date.getDate()]).toEqual([2025, 5, 30]);
    expect([date.getHours(), date.getMinutes()]).toEqual([23, 59]);
  });

  it('answers null for an empty or impossible date', () => {
    expect(pinnedUntilFromDate('')).toBeNull();
    expect(pinnedUntilFromDate('2025-02-30')).toBeNull();
    expect(pinnedUntilFromDate('30/06/2025')).toBeNull();
  });
});

describe('dateInputValue', () => {
  it('round-trips with pinnedUntilFromDate', () => {
    expect(dateInputValue(pinnedUntilFromDate('2025-12-31'))).toBe('2025-12-31');
  });

  it('is empty for no pin or a bad timestamp', () => {
    expect(dateInputValue(null)).toBe('');
    expect(dateInputValue('soon')).toBe('');
  });
});

describe('validatePinnedDate', () => {
  const now = new Date(2025, 5, 15, 9, 0);

  it('accepts an empty field (not pinned), today and later days', () => {
    expect(validatePinnedDate('', now)).toBeNull();
    expect(validatePinnedDate('2025-06-15', now)).toBeNull();
    expect(validatePinnedDate('2025-07-01', now)).toBeNull();
  });

  it('rejects past days and impossible dates', () => {
    expect(validatePinnedDate('2025-06-14', now)).toMatch(/today or a later day/);
    expect(validatePinnedDate('2025-13-01', now)).toMatch(/Enter a date/);
  });
});
