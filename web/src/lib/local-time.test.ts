import { afterEach, describe, expect, it } from 'vitest';
import { setLocale } from '../i18n';
import { knownTimeZones, localTimeIn } from './local-time';

describe('localTimeIn', () => {
  const now = new Date('2026-12-06T13:05:00Z');

  it('shows the hour and minute in the zone with its abbreviation, as the language writes them', () => {
    expect(localTimeIn('UTC', now, 'de')).toBe('13:05 (UTC)');
    expect(localTimeIn('Asia/Tokyo', now, 'de')).toBe('22:05 (GMT+9)');
    expect(localTimeIn('Europe/Berlin', now, 'de')).toBe('14:05 (MEZ)');
    // English keeps the 12-hour clock with its AM/PM (ICU may put a narrow space before it).
    expect(localTimeIn('UTC', now, 'en')).toMatch(/^1:05\sPM \(UTC\)$/u);
  });

  afterEach(async () => {
    await setLocale('en');
  });

  it('follows the app language when none is given', async () => {
    await setLocale('de');
    expect(localTimeIn('Asia/Tokyo', now)).toBe('22:05 (GMT+9)');
    await setLocale('en');
    expect(localTimeIn('Asia/Tokyo', now)).toMatch(/^10:05\sPM \(GMT\+9\)$/u);
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
