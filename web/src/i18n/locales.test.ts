import { describe, expect, it } from 'vitest';
import { pickLocale } from './locales';

describe('pickLocale', () => {
  it('prefers the language chosen in the profile', () => {
    expect(pickLocale('de', ['en-US'])).toBe('de');
  });

  it('takes the first preferred browser language Outloud speaks, region ignored', () => {
    expect(pickLocale(null, ['fr-FR', 'de-AT', 'en'])).toBe('de');
    expect(pickLocale(undefined, ['EN-gb'])).toBe('en');
  });

  it('ignores an unknown profile language and falls back to English', () => {
    expect(pickLocale('xx', ['fr', 'es'])).toBe('en');
    expect(pickLocale(null, [])).toBe('en');
  });
});
