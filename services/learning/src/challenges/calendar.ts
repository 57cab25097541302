/**
 * Challenge days in the challenge's IANA time zone. Day n starts at local midnight of
 * `startDate + (n - 1)` days; calendar arithmetic happens on dates, never on 24-hour steps, so
 * days around daylight-saving changes are 23 or 25 hours long and still start at midnight.
 */

const MS_PER_DAY = 86_400_000;

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function partsFormatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, f);
  }
  return f;
}

function wallClock(instant: Date, zone: string) {
  const parts = Object.fromEntries(
    partsFormatter(zone)
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

/** The calendar date (`YYYY-MM-DD`) of an instant in a time zone. */
export function localDate(instant: Date, zone: string): string {
  const w = wallClock(instant, zone);
  return `${w.year}-${pad(w.month)}-${pad(w.day)}`;
}

/** How far the zone's wall clock is ahead of UTC at an instant, in ms. */
function offsetAt(instant: Date, zone: string): number {
  const w = wallClock(instant, zone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/**
 * The first instant of a calendar date in a zone: local midnight, or (where a DST change skips
 * midnight) the first moment of that date that exists.
 */
export function startOfLocalDay(date: string, zone: string): Date {
  const midnightUtc = dateToUtcMs(date);
  let guess = midnightUtc - offsetAt(new Date(midnightUtc), zone);
  // A second pass corrects for an offset that differs at the guess (a DST change that night).
  guess = midnightUtc - offsetAt(new Date(guess), zone);
  // If midnight does not exist, the guess lands on the day before: step forward to the date.
  while (localDate(new Date(guess), zone) < date) guess += 15 * 60_000;
  // …or, with a repeated hour, there may be an earlier instant still on that date.
  while (localDate(new Date(guess - 15 * 60_000), zone) === date) guess -= 15 * 60_000;
  return new Date(guess);
}

export function addDays(date: string, days: number): string {
  return new Date(dateToUtcMs(date) + days * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((dateToUtcMs(to) - dateToUtcMs(from)) / MS_PER_DAY);
}

/** A real calendar date in `YYYY-MM-DD` form (the schema only checks the shape). */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const ms = dateToUtcMs(value);
  return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 10) === value;
}

export interface ChallengeClock {
  startDate: string;
  days: number;
  timeZone: string;
}

/** The challenge day an instant falls on: 0 before the start, `days + 1` after the end. */
export function dayAt(challenge: ChallengeClock, instant: Date): number {
  const n = daysBetween(challenge.startDate, localDate(instant, challenge.timeZone)) + 1;
  return Math.min(Math.max(n, 0), challenge.days + 1);
}

/** The calendar date of day n. */
export function dateOfDay(challenge: ChallengeClock, day: number): string {
  return addDays(challenge.startDate, day - 1);
}

/** When day n starts (for n = days + 1: when the challenge is over). */
export function startOfDay(challenge: ChallengeClock, day: number): Date {
  return startOfLocalDay(dateOfDay(challenge, day), challenge.timeZone);
}

function dateToUtcMs(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
