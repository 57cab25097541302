/** The languages Outloud speaks; English is complete by definition and the fallback. */
export const supportedLocales = ['en', 'de'] as const;
export type Locale = (typeof supportedLocales)[number];
export const defaultLocale: Locale = 'en';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (supportedLocales as readonly string[]).includes(value);
}

/**
 * The language to show: the one chosen in the profile, else the first of the browser's
 * preferred languages Outloud speaks (`de-AT` counts as `de`), else English.
 */
export function pickLocale(
  chosen: string | null | undefined,
  preferred: readonly string[],
): Locale {
  if (isLocale(chosen)) return chosen;
  for (const tag of preferred) {
    const language = tag.toLowerCase().split('-')[0];
    if (isLocale(language)) return language;
  }
  return defaultLocale;
}

/** Where a signed-out visitor's choice is kept; signed-in people keep theirs in the profile. */
const storedLocaleKey = 'outloud.locale';

/** The storage the choice lives in (`localStorage` in the browser). */
export type LocaleStorage = Pick<Storage, 'getItem' | 'setItem'>;

/** The language a visitor picked on a signed-out page, if any. */
export function readStoredLocale(storage: LocaleStorage | undefined): Locale | null {
  try {
    const value = storage?.getItem(storedLocaleKey);
    return isLocale(value) ? value : null;
  } catch {
    return null; // storage disabled (private mode, a sandboxed frame): the browser decides
  }
}

/** Remembers a visitor's choice for the next visit; a storage that refuses only forgets it. */
export function storeLocale(storage: LocaleStorage | undefined, locale: Locale): void {
  try {
    storage?.setItem(storedLocaleKey, locale);
  } catch {
    // Shown now, just not remembered.
  }
}
