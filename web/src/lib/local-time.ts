import { currentLocale } from '../i18n';

/**
 * The time now in a person's time zone, as the app's language writes it (`2:05 PM (GMT+1)`,
 * `14:05 (GMT+1)`), or null when the zone is unknown to this browser (the gateway checks zones
 * against its own list).
 */
export function localTimeIn(
  timeZone: string,
  now: Date,
  locale: string = currentLocale(),
): string | null {
  try {
    const parts = new Intl.DateTimeFormat(locale, {
      timeZone,
      hour: 'numeric',
      minute: '2-digit',
      timeZoneName: 'short',
    }).formatToParts(now);
    const time = parts
      .filter((p) => ['hour', 'minute', 'dayPeriod', 'literal'].includes(p.type))
      .map((p) => p.value)
      .join('')
      .trim();
    const zone = parts.find((p) => p.type === 'timeZoneName')?.value;
    return zone ? `${time} (${zone})` : time;
  } catch {
    return null;
  }
}

/** Every IANA time zone this browser knows, for pickers; empty where the API is missing. */
export function knownTimeZones(): string[] {
  const intl = Intl as { supportedValuesOf?: (key: 'timeZone') => string[] };
  return intl.supportedValuesOf?.('timeZone') ?? [];
}
