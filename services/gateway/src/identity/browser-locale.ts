import { SUPPORTED_LOCALES, type Locale } from '@outloud/contracts';

/** Longer headers are cut here; no browser sends that many languages. */
const MAX_HEADER_LENGTH = 1_000;
/** `GET /me` re-records a changed language at most this often (sign-ins always do). */
export const BROWSER_LOCALE_REFRESH_MS = 24 * 60 * 60 * 1000;

const QUALITY = /^q=(0(\.\d{0,3})?|1(\.0{0,3})?)$/i;

/**
 * The supported language a browser prefers most, from an `Accept-Language` header
 * (`de-DE,de;q=0.9,en;q=0.8`): the highest quality wins, earlier entries break ties, regional
 * variants count as their language, `q=0` refuses. Null when it names no supported language.
 */
export function preferredLocale(header: string | string[] | undefined): Locale | null {
  const value = Array.isArray(header) ? header.join(',') : header;
  if (!value) return null;
  let best: { locale: Locale; quality: number } | null = null;
  for (const entry of value.slice(0, MAX_HEADER_LENGTH).split(',')) {
    const [range = '', ...params] = entry.split(';').map((part) => part.trim());
    const language = range.split('-')[0]?.toLowerCase();
    const locale = SUPPORTED_LOCALES.find((supported) => supported === language);
    if (!locale) continue;
    const quality = qualityOf(params);
    if (quality === null || quality === 0) continue;
    if (best === null || quality > best.quality) best = { locale, quality };
  }
  return best?.locale ?? null;
}

/** The `q` parameter (1 when absent); null when it is malformed, which drops the entry. */
function qualityOf(params: readonly string[]): number | null {
  const q = params.find((param) => /^q\s*=/i.test(param))?.replace(/\s+/g, '');
  if (q === undefined) return 1;
  return QUALITY.test(q) ? Number(q.slice(2)) : null;
}

/**
 * Whether to write the language a request's browser asked for. Only a supported language that
 * differs from the one stored is written; `GET /me` writes at most once a day, so someone using
 * two browsers in two languages does not cause a write (and an announcement) on every load.
 */
export function browserLocaleToRecord(
  seen: Locale | null,
  stored: { browserLocale: Locale | null; browserLocaleAt: Date | null },
  now: Date,
  occasion: 'sign-in' | 'visit',
): Locale | null {
  if (seen === null || seen === stored.browserLocale) return null;
  if (occasion === 'sign-in' || stored.browserLocaleAt === null) return seen;
  return now.getTime() - stored.browserLocaleAt.getTime() >= BROWSER_LOCALE_REFRESH_MS
    ? seen
    : null;
}
