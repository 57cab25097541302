import { describe, expect, it } from 'vitest';
import { knownTimeZones, localTimeIn } from './local-time';

describe('localTimeIn', () => {
  it('shows the hour and minute in the zone with its abbreviation', () => {
    const now = new Date('2026-12-06T13:05:00Z');
    expect(localTimeIn('UTC', now)).toBe('13:05 (UTC)');
    expect(localTimeIn('Asia/Tokyo', now)).toBe('22:05 (GMT+9)');
  });

  it('answers null for a zone the runtime does not know', () => {
    expect(localTimeIn('Mars/Base', new Date())).toBeNull();
  });
});

describe('knownTimeZones', () => {
  it('lists IANA zones', () => {
    expect(knownTimeZones()).toContain('Europe/Berlin');
  });
});
