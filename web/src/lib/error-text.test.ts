import { ErrorCodes } from '@outloud/contracts';
import { afterEach, describe, expect, it } from 'vitest';
import { setLocale, translate } from '../i18n';
import de from '../i18n/de/index';
import en from '../i18n/en/index';
import { describeError } from './error-text';

const codes = Object.keys(ErrorCodes);

describe('describeError', () => {
  afterEach(async () => {
    await setLocale('en');
  });

  it('has a message for every error code of the API, in English and German', () => {
    expect(codes.length).toBeGreaterThan(30);
    const missing = codes.filter(
      (code) =>
        !Object.hasOwn(en.errors.code, code) ||
        !Object.hasOwn(de.errors.code, code) ||
        en.errors.code[code as keyof typeof en.errors.code].trim() === '',
    );
    expect(missing).toEqual([]);
    expect(Object.keys(en.errors.code).sort()).toEqual([...codes].sort());
  });

  it('shows the catalog message, not the server sentence, in German', async () => {
    await setLocale('de');
    for (const code of codes) {
      const text = describeError({ code, message: 'server sentence' });
      expect(text, code).not.toBe('server sentence');
      expect(text, code).not.toContain('errors.');
    }
    expect(describeError({ code: 'invalid_credentials', message: 'x' })).toBe(
      'E-Mail-Adresse oder Passwort ist falsch.',
    );
  });

  it('keeps the precise English sentence of a broad code when the app speaks English', () => {
    const message = 'This invitation was already accepted.';
    expect(describeError({ code: 'conflict', message })).toBe(message);
    expect(describeError({ code: 'email_taken', message: 'taken' })).toBe(
      'This email address is already registered.',
    );
  });

  it('names the invalid fields as people call them, in the app language', async () => {
    const details = [
      { field: 'email', message: 'must be an email' },
      { field: 'roles.0', message: 'must be one of' },
      { field: 'colour', message: 'is unknown' },
    ];
    expect(describeError({ code: 'validation_failed', message: 'x', details })).toBe(
      'Check these fields: email address, roles, and colour.',
    );
    await setLocale('de');
    expect(describeError({ code: 'validation_failed', message: 'x', details: [details[0]] })).toBe(
      'Prüfe dieses Feld: E-Mail-Adresse.',
    );
    expect(describeError({ code: 'validation_failed', message: 'x', details: 'odd' })).toBe(
      'Einige Felder fehlen oder sind ungültig.',
    );
  });

  it('says how long to wait after too many attempts', async () => {
    expect(describeError({ code: 'rate_limited', message: 'x', retryAfterSeconds: 1 })).toBe(
      'Too many attempts. Try again in 1 second.',
    );
    expect(describeError({ code: 'rate_limited', message: 'x', retryAfterSeconds: 900 })).toBe(
      'Too many attempts. Try again in 15 minutes.',
    );
    await setLocale('de');
    expect(describeError({ code: 'rate_limited', message: 'x', retryAfterSeconds: 45 })).toBe(
      'Zu viele Versuche. Versuch es in 45 Sekunden noch einmal.',
    );
    expect(describeError({ code: 'rate_limited', message: 'x' })).toBe(
      'Zu viele Versuche. Versuch es später noch einmal.',
    );
  });

  it('falls back to the server sentence for a code it does not know', async () => {
    await setLocale('de');
    expect(describeError({ code: 'brand_new', message: 'Something new.' })).toBe('Something new.');
  });

  it('says the connection failed, and names the status of an answer in no known format', () => {
    expect(describeError({ code: 'network_error', message: 'x' })).toBe(
      translate('common.offline'),
    );
    expect(describeError({ code: 'http_502', message: 'x', status: 502 })).toBe(
      'The server answered with an error (502). Please try again.',
    );
  });
});
