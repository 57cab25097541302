import type { ErrorCode } from '@outloud/contracts';
import { currentLocale, translate, type MessageKey } from '../i18n';
import en from '../i18n/en/index';

/**
 * The sentence a person reads for an API error, in the app's language. The gateway answers in
 * English (`{ error: { code, message, details } }`); the code picks a catalog message, and the
 * details fill it in (which fields, how long to wait).
 */
export interface ErrorFacts {
  code: string;
  /** The server's own sentence: shown for a code the catalogs do not know. */
  message: string;
  details?: unknown;
  /** From the `Retry-After` header of a 429. */
  retryAfterSeconds?: number;
  /** The HTTP status, for answers that are not in the API's error format. */
  status?: number;
}

type CodeKey = `errors.code.${ErrorCode}`;
// Every code of the contract has an English message (and German is typed against English).
const everyCodeHasAMessage: CodeKey extends MessageKey ? true : never = true;
void everyCodeHasAMessage;

/**
 * Codes the server uses for many situations, each with a more precise English sentence than the
 * catalog's general one ("This invitation was already accepted."). In English that sentence is
 * shown as is; other languages get the general message.
 */
const broadCodes: ReadonlySet<string> = new Set<ErrorCode>([
  'bad_request',
  'forbidden',
  'not_found',
  'conflict',
  'unavailable',
]);
const serverLanguage = 'en';

export function isKnownErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(en.errors.code, code);
}

export function describeError(facts: ErrorFacts): string {
  const { code } = facts;
  if (code === 'network_error') return translate('common.offline');
  const newcomer = newcomerWaitMessage(facts);
  if (newcomer !== null) return newcomer;
  if (!isKnownErrorCode(code)) {
    if (facts.status !== undefined && /^http_\d+$/.test(code)) {
      return translate('errors.httpStatus', { status: facts.status });
    }
    return facts.message;
  }
  if (broadCodes.has(code) && currentLocale() === serverLanguage && facts.message !== '') {
    return facts.message;
  }
  if (code === 'validation_failed') {
    const fields = fieldNames(facts.details);
    if (fields.length > 0) {
      return translate('errors.invalidFields', {
        count: fields.length,
        fields: listFormat().format(fields),
      });
    }
  }
  if (code === 'rate_limited' && facts.retryAfterSeconds !== undefined) {
    return waitMessage(facts.retryAfterSeconds);
  }
  return translate(`errors.code.${code}`);
}

/** "Try again in 30 seconds", or in minutes once it is two minutes or more. */
function waitMessage(seconds: number): string {
  const whole = Math.max(1, Math.ceil(seconds));
  if (whole < 120) return translate('errors.rateLimitedSeconds', { seconds: whole });
  return translate('errors.rateLimitedMinutes', { minutes: Math.ceil(whole / 60) });
}

/** A newcomer's first-day caps (429), with how long until they can write again when known. */
const newcomerWaits: Readonly<Record<string, MessageKey>> = {
  newcomer_post_limit: 'errors.newcomerWait.posts',
  newcomer_link_limit: 'errors.newcomerWait.links',
};

function newcomerWaitMessage({ code, retryAfterSeconds }: ErrorFacts): string | null {
  const key = Object.hasOwn(newcomerWaits, code) ? newcomerWaits[code] : undefined;
  if (key === undefined || retryAfterSeconds === undefined) return null;
  return translate(key, { wait: durationText(retryAfterSeconds) });
}

/** "45 seconds", "20 minutes", "3 hours": a wait rounded up to a unit a person reads easily. */
export function durationText(seconds: number): string {
  const whole = Math.max(1, Math.ceil(seconds));
  if (whole < 120) return translate('errors.duration.seconds', { count: whole });
  if (whole < 2 * 3600)
    return translate('errors.duration.minutes', { count: Math.ceil(whole / 60) });
  return translate('errors.duration.hours', { count: Math.ceil(whole / 3600) });
}

/**
 * The fields named in `validation_failed` details (`[{ field, message }]`), as people call
 * them: `roles.0` is the roles, a field the catalog does not name keeps its own name.
 */
function fieldNames(details: unknown): string[] {
  if (!Array.isArray(details)) return [];
  const names = new Set<string>();
  for (const issue of details as unknown[]) {
    if (typeof issue !== 'object' || issue === null || !('field' in issue)) continue;
    const { field } = issue;
    if (typeof field !== 'string' || field === '') continue;
    const name = field.split('.')[0] ?? field;
    names.add(isNamedField(name) ? translate(`errors.field.${name}`) : name);
  }
  return [...names];
}

function isNamedField(name: string): name is keyof typeof en.errors.field {
  return Object.hasOwn(en.errors.field, name);
}

function listFormat(): Intl.ListFormat {
  return new Intl.ListFormat(currentLocale(), { style: 'long', type: 'conjunction' });
}
