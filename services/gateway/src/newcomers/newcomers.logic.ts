import type { Actor } from '@outloud/contracts';

/** The caps of a person's first hours (from the gateway's configuration). */
export interface NewcomerLimits {
  /** How long after the account was made the caps apply (0: never). */
  hours: number;
  /** New posts and answers. */
  posts: number;
  /** Links leading off Outloud, over all they write. */
  links: number;
}

/** A new post or answer, or an edit of one (which counts only for the links it adds). */
export type NewcomerWriteKind = 'post' | 'answer' | 'edit';

/** What a newcomer wrote so far in their first hours. */
export interface NewcomerLedger {
  /** New posts and answers. */
  posts: number;
  /** Links counted over everything. */
  links: number;
  /** Links counted for the post or answer being edited (the most it ever held). */
  linksOfTarget: number;
}

export type NewcomerVerdict =
  | { allowed: true; /** Links this write adds to the count. */ links: number }
  | {
      allowed: false;
      code: 'newcomer_post_limit' | 'newcomer_link_limit';
      message: string;
      retryAfterSeconds: number;
    };

/**
 * Until when the person's first-day caps apply, or undefined when they do not: they have a role
 * beyond `member`, their first hours are over, or the actor does not say when the account was
 * made. Decided from the actor alone, so that established members cost no query.
 */
export function newcomerUntil(actor: Actor, limits: NewcomerLimits, now: Date): Date | undefined {
  if (limits.hours === 0 || !actor.since) return undefined;
  if (actor.roles.some((role) => role !== 'member')) return undefined;
  const until = new Date(Date.parse(actor.since) + limits.hours * 3_600_000);
  return until.getTime() > now.getTime() ? until : undefined;
}

/**
 * Whether a newcomer may make this write. The caps count everything written in the account's
 * first hours, so they lift when those hours end: every counted write happened after the account
 * was made, so none leaves a window of the same length any sooner. That moment is `Retry-After`.
 */
export function judgeNewcomerWrite(input: {
  kind: NewcomerWriteKind;
  /** Links in the body being written (for an edit: the whole new body). */
  linksInBody: number;
  ledger: NewcomerLedger;
  limits: NewcomerLimits;
  until: Date;
  now: Date;
}): NewcomerVerdict {
  const { kind, ledger, limits } = input;
  const retryAfterSeconds = Math.max(
    1,
    Math.ceil((input.until.getTime() - input.now.getTime()) / 1000),
  );
  const wait = describeWait(retryAfterSeconds);
  if (kind !== 'edit' && ledger.posts + 1 > limits.posts) {
    return {
      allowed: false,
      code: 'newcomer_post_limit',
      message:
        `New members can write at most ${limits.posts} posts and answers in their first ` +
        `${limits.hours} hours. You can write more in ${wait}.`,
      retryAfterSeconds,
    };
  }
  // An edit adds only the links beyond the most its post or answer ever held.
  const links =
    kind === 'edit' ? Math.max(0, input.linksInBody - ledger.linksOfTarget) : input.linksInBody;
  if (links > 0 && ledger.links + links > limits.links) {
    const left = Math.max(0, limits.links - ledger.links);
    return {
      allowed: false,
      code: 'newcomer_link_limit',
      message:
        `New members can add at most ${limits.links} links in their first ${limits.hours} ` +
        `hours (${left} left, this adds ${links}). Remove some links, or add them in ${wait}.`,
      retryAfterSeconds,
    };
  }
  return { allowed: true, links };
}

/** "3 hours", "1 hour", "12 minutes", "1 minute". */
function describeWait(seconds: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (seconds >= 5_400) return plural(Math.round(seconds / 3_600), 'hour');
  return plural(Math.max(1, Math.ceil(seconds / 60)), 'minute');
}
