import { describe, expect, it } from 'vitest';
import { formatAgo, formatDate, formatNumber } from './format';

describe('formatAgo', () => {
  const now = Date.parse('2026-03-10T12:00:00Z');

  it('says how long ago for the last week', () => {
    expect(formatAgo('2026-03-10T11:59:50Z', now, 'en')).toBe('now');
    expect(formatAgo('2026-03-10T11:55:00Z', now, 'en')).toBe('5 minutes ago');
    expect(formatAgo('2026-03-10T09:00:00Z', now, 'en')).toBe('3 hours ago');
    expect(formatAgo('2026-03-09T12:00:00Z', now, 'en')).toBe('yesterday');
  });

  it('speaks the app language', () => {
    expect(formatAgo('2026-03-10T11:59:50Z', now, 'de')).toBe('jetzt');
    expect(formatAgo('2026-03-10T11:55:00Z', now, 'de')).toBe('vor 5 Minuten');
    expect(formatAgo('2026-03-09T12:00:00Z', now, 'de')).toBe('gestern');
  });

  it('gives the date for older times', () => {
    expect(formatAgo('2026-01-01T12:00:00Z', now, 'en')).toMatch(/2026/);
  });
});

describe('formatDate and formatNumber', () => {
  it('format a calendar day without shifting it by the time zone', () => {
    expect(formatDate('2026-03-10', 'en')).toBe('Mar 10, 2026');
    expect(formatDate('2026-03-10', 'de')).toBe('10.03.2026');
  });

  it('group digits the local way', () => {
    expect(formatNumber(1234567, 'en')).toBe('1,234,567');
    expect(formatNumber(1234567, 'de')).toBe('1.234.567');
  });
});
