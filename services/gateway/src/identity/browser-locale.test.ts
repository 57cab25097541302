import { describe, expect, it } from 'vitest';
import {
  BROWSER_LOCALE_REFRESH_MS,
  browserLocaleToRecord,
  preferredLocale,
} from './browser-locale.js';

describe('preferredLocale', () => {
  it('takes the language a German browser sends first', () => {
    expect(preferredLocale('de-DE,de;q=0.9')).toBe('de');
    expect(preferredLocale('de-DE,de;q=0.9,en-US;q=0.8,en;q=0.7')).toBe('de');
  });

  it('orders by quality, not by position', () => {
    expect(preferredLocale('en;q=0.5, de;q=0.8')).toBe('de');
    expect(preferredLocale('de;q=0.3,en-GB')).toBe('en');
  });

  it('breaks a tie in quality by the order given', () => {
    expect(preferredLocale('en;q=0.7,de;q=0.7')).toBe('en');
    expect(preferredLocale('DE, en')).toBe('de');
  });

  it('skips languages it does not speak and ones refused with q=0', () => {
    expect(preferredLocale('fr-FR,fr;q=0.9,de;q=0.4')).toBe('de');
    expect(preferredLocale('de;q=0,en;q=0.1')).toBe('en');
    expect(preferredLocale('fr, *;q=0.5')).toBeNull();
  });

  it('drops entries with a malformed quality and accepts spaces around parameters', () => {
    expect(preferredLocale('de;q=2,en;q=0.5')).toBe('en');
    expect(preferredLocale('de;q=abc')).toBeNull();
    expect(preferredLocale('en;q=0.2 , de ; q = 0.9')).toBe('de');
  });

  it('answers null without a usable header', () => {
    expect(preferredLocale(undefined)).toBeNull();
    expect(preferredLocale('')).toBeNull();
    expect(preferredLocale(',,;')).toBeNull();
    expect(preferredLocale(`${'x,'.repeat(2_000)}de`)).toBeNull();
  });

  it('reads a header sent more than once as one list', () => {
    expect(preferredLocale(['fr', 'de;q=0.5'])).toBe('de');
  });
});

describe('browserLocaleToRecord', () => {
  const now = new Date('2026-12-08T12:00:00Z');
  const hourAgo = new Date(now.getTime() - 60 * 60 * 1000);
  const dayAgo = new Date(now.getTime() - BROWSER_LOCALE_REFRESH_MS);

  it('writes nothing when the browser names no supported language or the same one', () => {
    const stored = { browserLocale: 'de' as const, browserLocaleAt: dayAgo };
    expect(browserLocaleToRecord(null, stored, now, 'sign-in')).toBeNull();
    expect(browserLocaleToRecord('de', stored, now, 'sign-in')).toBeNull();
    expect(browserLocaleToRecord('de', stored, now, 'visit')).toBeNull();
  });

  it('writes a new language at every sign-in', () => {
    const stored = { browserLocale: 'en' as const, browserLocaleAt: hourAgo };
    expect(browserLocaleToRecord('de', stored, now, 'sign-in')).toBe('de');
  });

  it('writes a new language on a visit when none is known or the last is a day old', () => {
    expect(
      browserLocaleToRecord('de', { browserLocale: null, browserLocaleAt: null }, now, 'visit'),
    ).toBe('de');
    expect(
      browserLocaleToRecord('de', { browserLocale: 'en', browserLocaleAt: hourAgo }, now, 'visit'),
    ).toBeNull();
    expect(
      browserLocaleToRecord('de', { browserLocale: 'en', browserLocaleAt: dayAgo }, now, 'visit'),
    ).toBe('de');
  });
});
