import { translate } from '../i18n';

/**
 * The "Pinned until" field is a date input (`YYYY-MM-DD`); an announcement stays pinned until
 * the end of that day in the author's time zone.
 */

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseDay(value: string): Date | null {
  const match = datePattern.exec(value);
  if (match === null) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(year, month - 1, day, 23, 59, 59, 999);
  // Reject days that do not exist (new Date rolls 2025-02-30 over into March).
  if (date.getFullYear() !== year || date.getMonth() !== month - 1 || date.getDate() !== day)
    return null;
  return date;
}

/** The ISO timestamp for a date input's value; null when the field is empty or invalid. */
export function pinnedUntilFromDate(value: string): string | null {
  return parseDay(value)?.toISOString() ?? null;
}

/** The date input value for a stored timestamp (local day); '' for none. */
export function dateInputValue(iso: string | null): string {
  if (iso === null) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** A message for an unusable date, or null; an empty field means "not pinned". */
export function validatePinnedDate(value: string, now: Date): string | null {
  if (value === '') return null;
  const day = parseDay(value);
  if (day === null) return translate('composer.pinnedInvalid');
  if (day.getTime() < now.getTime()) return translate('composer.pinnedPast');
  return null;
}
