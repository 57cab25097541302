import { translate, type Translate } from '../i18n';

/** How long a new API token works: never expiring, a number of days, or until a chosen date. */
export type TokenExpiry = 'never' | '30' | '90' | '365' | 'date';

/** The choices of the expiry select; components pass `$t`, so labels follow a language change. */
export function tokenExpiryChoices(
  tr: Translate = translate,
): { value: TokenExpiry; label: string }[] {
  return [
    { value: 'never', label: tr('settings.tokens.expiry.never') },
    { value: '30', label: tr('settings.tokens.expiry.days', { count: 30 }) },
    { value: '90', label: tr('settings.tokens.expiry.days', { count: 90 }) },
    { value: '365', label: tr('settings.tokens.expiry.year') },
    { value: 'date', label: tr('settings.tokens.expiry.date') },
  ];
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The `expiresAt` to send (ISO), undefined for a token that never expires, or an error sentence.
 * A chosen date means the end of that day in the browser's time zone.
 */
export function expiresAtOf(
  choice: TokenExpiry,
  date: string,
  now: Date,
): { expiresAt: string | undefined; error: null } | { expiresAt: undefined; error: string } {
  if (choice === 'never') return { expiresAt: undefined, error: null };
  if (choice !== 'date') {
    return {
      expiresAt: new Date(now.getTime() + Number(choice) * DAY_MS).toISOString(),
      error: null,
    };
  }
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match)
    return { expiresAt: undefined, error: translate('settings.tokens.expiry.dateMissing') };
  const end = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 23, 59, 59);
  if (Number.isNaN(end.getTime()) || end <= now) {
    return { expiresAt: undefined, error: translate('settings.tokens.expiry.datePast') };
  }
  return { expiresAt: end.toISOString(), error: null };
}

/** Today as `YYYY-MM-DD` in the browser's time zone (the earliest a date field allows). */
export function todayIso(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
