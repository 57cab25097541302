import { afterEach, describe, expect, it } from 'vitest';
import { setLocale } from '../i18n';
import { expiresAtOf, todayIso, tokenExpiryChoices } from './token-expiry';

const now = new Date(2026, 11, 6, 10, 0, 0);

afterEach(async () => {
  await setLocale('en');
});

describe('expiresAtOf', () => {
  it('sends nothing for a token that never expires', () => {
    expect(expiresAtOf('never', '', now)).toEqual({ expiresAt: undefined, error: null });
  });

  it('counts days from now', () => {
    const { expiresAt } = expiresAtOf('30', '', now);
    expect(new Date(expiresAt!).getTime() - now.getTime()).toBe(30 * 24 * 60 * 60 * 1000);
  });

  it('ends a chosen day at its last second, local time', () => {
    const { expiresAt } = expiresAtOf('date', '2027-01-15', now);
    expect(new Date(expiresAt!)).toEqual(new Date(2027, 0, 15, 23, 59, 59));
  });

  it('refuses a missing or past date', () => {
    expect(expiresAtOf('date', '', now).error).toBe('Choose the day the token stops working.');
    expect(expiresAtOf('date', '2026-12-05', now).error).toBe('Choose a day in the future.');
  });

  it('refuses in the app language', async () => {
    await setLocale('de');
    expect(expiresAtOf('date', '2026-12-05', now).error).toBe('Wähle einen Tag in der Zukunft.');
  });
});

describe('tokenExpiryChoices', () => {
  it('labels through the translator it is given', () => {
    expect(tokenExpiryChoices((key, values) => `${key}:${String(values?.count ?? '')}`)).toEqual([
      { value: 'never', label: 'settings.tokens.expiry.never:' },
      { value: '30', label: 'settings.tokens.expiry.days:30' },
      { value: '90', label: 'settings.tokens.expiry.days:90' },
      { value: '365', label: 'settings.tokens.expiry.year:' },
      { value: 'date', label: 'settings.tokens.expiry.date:' },
    ]);
  });

  it('labels every choice in the app language', async () => {
    expect(tokenExpiryChoices().map((choice) => choice.label)).toEqual([
      'Never',
      '30 days',
      '90 days',
      '1 year',
      'On a date…',
    ]);
    await setLocale('de');
    expect(tokenExpiryChoices().map((choice) => choice.value)).toEqual([
      'never',
      '30',
      '90',
      '365',
      'date',
    ]);
    expect(tokenExpiryChoices().map((choice) => choice.label)).toEqual([
      'Nie',
      '30 Tage',
      '90 Tage',
      '1 Jahr',
      'An einem Datum …',
    ]);
  });
});

describe('todayIso', () => {
  it('is the local date', () => {
    expect(todayIso(now)).toBe('2026-12-06');
  });
});
