/**
 * Every word the app shows goes through here: message catalogs per language (ICU MessageFormat,
 * via svelte-i18n) and `Intl` for dates and numbers. English ships in the first page's bundle;
 * other languages load on demand. Components read `$t('area.key', { values })`, plain modules
 * `translate(…)`. The German catalog addresses people with "du", as team chat tools do.
 */
import { derived, get, type Readable } from 'svelte/store';
import {
  _ as format,
  addMessages,
  init,
  locale as currentLocaleStore,
  register,
  waitLocale,
} from 'svelte-i18n';
import type { MessageKey, MessageValues } from './catalog';
import en from './en/index';
import {
  defaultLocale,
  isLocale,
  pickLocale,
  readStoredLocale,
  storeLocale,
  type Locale,
  type LocaleStorage,
} from './locales';

export type { MessageKey, MessageValues } from './catalog';
export { pickLocale, supportedLocales, isLocale, type Locale } from './locales';

addMessages('en', en);
register('de', () => import('./de/index').then((module) => module.default));
// English from the start, so plain modules (and their tests) can translate before `startI18n`.
void init({ fallbackLocale: defaultLocale, initialLocale: defaultLocale });

export type Translate = (key: MessageKey, values?: MessageValues) => string;

/** The translator for components: `{$t('common.save')}`; follows a language change. */
export const t: Readable<Translate> = derived(
  format,
  (formatMessage) => (key: MessageKey, values?: MessageValues) =>
    formatMessage(key, values === undefined ? undefined : { values }),
);

/** The language shown now. */
export const locale: Readable<Locale> = derived(currentLocaleStore, (value) =>
  isLocale(value) ? value : defaultLocale,
);

/** Translates outside components (plain modules, at the moment of the call). */
export function translate(key: MessageKey, values?: MessageValues): string {
  return get(t)(key, values);
}

/** The language shown now, for `Intl` formatters. */
export function currentLocale(): Locale {
  return get(locale);
}

/** Shows the app in `next` once its catalog has loaded; `<html lang>` follows. */
export async function setLocale(next: Locale): Promise<void> {
  // The catalog first: text computed while it loads would otherwise stay in the old language.
  await waitLocale(next);
  if (get(currentLocaleStore) !== next) await currentLocaleStore.set(next);
  if (typeof document !== 'undefined') document.documentElement.lang = next;
}

/** Shows `next` and remembers it for the next visit, before anyone is signed in. */
export async function chooseLocale(next: Locale): Promise<void> {
  storeLocale(browserStorage(), next);
  await setLocale(next);
}

/** `localStorage`, or nothing where there is none (tests in Node) or reading it throws. */
function browserStorage(): LocaleStorage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
}

/**
 * The language to show: the profile's choice for a signed-in person, else the one picked on a
 * signed-out page in this browser, else the browser's own.
 */
export function preferredLocale(
  profile: string | null | undefined,
  browser: readonly string[] = navigator.languages,
): Locale {
  return pickLocale(isLocale(profile) ? profile : readStoredLocale(browserStorage()), browser);
}

/**
 * Starts the catalogs in the language picked on a signed-out page, else the browser's; the
 * profile's choice replaces it once the signed-in person is known (`setLocale`).
 */
export async function startI18n(
  preferred: readonly string[] = navigator.languages,
  chosen: Locale | null = readStoredLocale(browserStorage()),
): Promise<void> {
  const initial = pickLocale(chosen, preferred);
  await init({ fallbackLocale: defaultLocale, initialLocale: initial });
  await setLocale(initial);
}
