import { ErrorCodes } from '@outloud/contracts';
import { afterEach, describe, expect, it } from 'vitest';
import { setLocale, translate } from '../i18n';
import de from '../i18n/de/index';
import en from '../i18n/en/index';
import { describeError, durationText } from './error-text';

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

  it("says how long a newcomer waits before writing again, from the 429's Retry-After", async () => {
    expect(
      describeError({ code: 'newcomer_post_limit', message: 'x', retryAfterSeconds: 3 * 3600 }),
    ).toBe(
      'New accounts can post only a few times on their first day, so spam cannot spread. You can post again in 3 hours.',
    );
    expect(
      describeError({ code: 'newcomer_link_limit', message: 'x', retryAfterSeconds: 1199 }),
    ).toBe(
      'New accounts can share only a few links on their first day, so spam cannot spread. Remove a link, or try again in 20 minutes.',
    );
    // Without a Retry-After the general sentence says "later".
    expect(describeError({ code: 'newcomer_post_limit', message: 'x' })).toContain(
      'Try again later.',
    );
    await setLocale('de');
    expect(
      describeError({ code: 'newcomer_post_limit', message: 'x', retryAfterSeconds: 30 }),
    ).toContain('In 30 Sekunden kannst du wieder etwas schreiben.');
  });

  it('rounds a wait up to seconds, minutes or hours', () => {
    expect(durationText(0.2)).toBe('1 second');
    expect(durationText(119)).toBe('119 seconds');
    expect(durationText(120)).toBe('2 minutes');
    expect(durationText(7199)).toBe('120 minutes');
    expect(durationText(7200)).toBe('2 hours');
    expect(durationText(7201)).toBe('3 hours');
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
