/**
 * The time now in a person's time zone, e.g. `14:05 (GMT+1)`, or null when the zone is unknown
 * to this browser (the gateway checks zones against its own list).
 */
export function localTimeIn(timeZone: string, now: Date): string | null {
  try {
    const parts = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hour: '2-digit',
      minute: '2-digit',
      timeZoneName: 'short',
    }).formatToParts(now);
    const time = parts
      .filter((p) => p.type === 'hour' || p.type === 'minute' || p.type === 'literal')
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
