import { describe, expect, it } from 'vitest';
import { formatAgo } from './format';

describe('formatAgo', () => {
  const now = Date.parse('2026-03-10T12:00:00Z');

  it('says how long ago for the last week', () => {
    expect(formatAgo('2026-03-10T11:59:50Z', now)).toBe('just now');
    expect(formatAgo('2026-03-10T11:55:00Z', now)).toMatch(/5 minutes ago|5 min/);
    expect(formatAgo('2026-03-10T09:00:00Z', now)).toMatch(/3 hours ago|3 hr/);
    expect(formatAgo('2026-03-09T12:00:00Z', now)).toMatch(/yesterday/);
  });

  it('gives the date for older times', () => {
    expect(formatAgo('2026-01-01T12:00:00Z', now)).toMatch(/2026/);
  });
});
