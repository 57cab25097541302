import { currentLocale } from '../i18n';

/** Now, as the API writes times. */
export function nowIso(): string {
  return new Date().toISOString();
}

// Intl formatters are costly to build and a feed formats hundreds of times: one per locale.
const cache = new Map<string, Intl.DateTimeFormat | Intl.RelativeTimeFormat | Intl.NumberFormat>();
function cached<T extends Intl.DateTimeFormat | Intl.RelativeTimeFormat | Intl.NumberFormat>(
  key: string,
  make: () => T,
): T {
  let formatter = cache.get(key);
  if (formatter === undefined) {
    formatter = make();
    cache.set(key, formatter);
  }
  return formatter as T;
}

/** A timestamp for people to read, in the app's language and their time zone. */
export function formatTime(iso: string, locale: string = currentLocale()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return cached(
    `time:${locale}`,
    () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }),
  ).format(date);
}

/** A calendar day (`2026-03-10` or a full timestamp) for people to read. */
export function formatDate(iso: string, locale: string = currentLocale()): string {
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso}T00:00:00Z` : iso);
  if (Number.isNaN(date.getTime())) return iso;
  const utcDay = /^\d{4}-\d{2}-\d{2}$/.test(iso);
  return cached(
    `date:${locale}:${utcDay}`,
    () =>
      new Intl.DateTimeFormat(locale, {
        dateStyle: 'medium',
        ...(utcDay ? { timeZone: 'UTC' } : {}),
      }),
  ).format(date);
}

/** A count for people to read: `1,234` in English, `1.234` in German. */
export function formatNumber(value: number, locale: string = currentLocale()): string {
  return cached(`number:${locale}`, () => new Intl.NumberFormat(locale)).format(value);
}

const steps: [limit: number, unit: Intl.RelativeTimeFormatUnit, seconds: number][] = [
  [60, 'second', 1],
  [3600, 'minute', 60],
  [86_400, 'hour', 3600],
  [7 * 86_400, 'day', 86_400],
];

/**
 * "now", "5 minutes ago", "yesterday" for the last week (`now` in milliseconds), then the date
 * and time; where a list shows times, recent ones read faster this way.
 */
export function formatAgo(iso: string, now: number, locale: string = currentLocale()): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  const relative = cached(
    `relative:${locale}`,
    () => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }),
  );
  const seconds = Math.round((at - now) / 1000);
  if (Math.abs(seconds) < 45) return relative.format(0, 'second');
  for (const [limit, unit, size] of steps) {
    if (Math.abs(seconds) < limit) return relative.format(Math.round(seconds / size), unit);
  }
  return formatTime(iso, locale);
}
