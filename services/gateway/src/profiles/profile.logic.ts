import type { Locale, UpdateProfileBody } from '@outloud/contracts';

/** The columns a profile update writes; absent ones stay as they are. */
export interface ProfileChanges {
  displayName?: string;
  bio?: string;
  title?: string;
  team?: string;
  timeZone?: string | null;
  skills?: string[];
  locale?: Locale | null;
}

export interface FieldProblem {
  field: string;
  message: string;
}

/** Control characters (C0, DEL, C1): none belongs in a name, a title or a team. */
const CONTROL = /\p{Cc}/u;
/** A bio may have lines and tabs, and nothing else of the kind. */
const CONTROL_BUT_LINES = /(?![\t\n\r])\p{Cc}/u;
/** `Europe/Berlin`, `America/Argentina/Buenos_Aires`, `UTC`: no offsets or other forms. */
const ZONE_SHAPE = /^[A-Za-z][A-Za-z_]*(?:\/[A-Za-z0-9_+-]+){0,2}$/;

/**
 * The IANA zone as the runtime spells it (`europe/berlin` → `Europe/Berlin`), or null when the
 * runtime does not know the zone.
 */
export function canonicalTimeZone(zone: string): string | null {
  if (!ZONE_SHAPE.test(zone)) return null;
  try {
    return new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/**
 * Checks and tidies a profile update: strings trimmed, no control characters, a display name
 * left with some text, a time zone the runtime knows, skills lowercased once each in the order
 * given. Returns the changes to write, or the problems by field.
 */
export function profileChanges(
  body: UpdateProfileBody,
): { changes: ProfileChanges; problems: [] } | { changes: null; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const changes: ProfileChanges = {};
  const line = (field: 'displayName' | 'title' | 'team', value: string | undefined) => {
    if (value === undefined) return;
    const text = value.trim();
    if (CONTROL.test(text)) problems.push({ field, message: 'must not hold control characters' });
    else changes[field] = text;
  };
  line('displayName', body.displayName);
  line('title', body.title);
  line('team', body.team);
  if (changes.displayName === '') {
    problems.push({ field: 'displayName', message: 'must not be blank' });
  }
  if (body.bio !== undefined) {
    const bio = body.bio.trim();
    if (CONTROL_BUT_LINES.test(bio)) {
      problems.push({ field: 'bio', message: 'must not hold control characters' });
    } else changes.bio = bio;
  }
  if (body.timeZone === null) changes.timeZone = null;
  else if (body.timeZone !== undefined) {
    const zone = canonicalTimeZone(body.timeZone.trim());
    if (zone === null) {
      problems.push({
        field: 'timeZone',
        message: 'must be an IANA time zone such as Europe/Berlin',
      });
    } else changes.timeZone = zone;
  }
  if (body.skills !== undefined) {
    changes.skills = [...new Set(body.skills.map((skill) => skill.trim().toLowerCase()))];
  }
  // The schema admits only supported languages or null.
  if (body.locale !== undefined) changes.locale = body.locale;
  return problems.length > 0 ? { changes: null, problems } : { changes, problems: [] };
}
