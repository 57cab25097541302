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
