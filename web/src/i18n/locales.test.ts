import { describe, expect, it } from 'vitest';
import { pickLocale, readStoredLocale, storeLocale, type LocaleStorage } from './locales';

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

/** A storage like `localStorage`, in memory. */
function memoryStorage(): LocaleStorage & { values: Map<string, string> } {
  const values = new Map<string, string>();
  return {
    values,
    getItem: (key) => values.get(key) ?? null,
    setItem: (key, value) => void values.set(key, value),
  };
}

describe('stored locale', () => {
  it('remembers the language a visitor picks and reads it back', () => {
    const storage = memoryStorage();
    expect(readStoredLocale(storage)).toBeNull();
    storeLocale(storage, 'de');
    expect(readStoredLocale(storage)).toBe('de');
    storeLocale(storage, 'en');
    expect(readStoredLocale(storage)).toBe('en');
  });

  it('is preferred over the browser when choosing the language to start in', () => {
    const storage = memoryStorage();
    storeLocale(storage, 'en');
    expect(pickLocale(readStoredLocale(storage), ['de-DE'])).toBe('en');
  });

  it('ignores a value Outloud does not speak and a storage that throws', () => {
    const storage = memoryStorage();
    storage.values.set('outloud.locale', 'fr');
    expect(readStoredLocale(storage)).toBeNull();
    const broken: LocaleStorage = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
    };
    expect(() => storeLocale(broken, 'de')).not.toThrow();
    expect(readStoredLocale(broken)).toBeNull();
    expect(readStoredLocale(undefined)).toBeNull();
  });
});
