import type { Actor, PostKind, ReviewAction } from '@outloud/contracts';
import { isAdmin } from '../context.js';
import { isModerator } from '../moderation/visibility.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** A review date may be set at most this far ahead (the longest channel period, 10 years). */
export const MAX_REVIEW_AHEAD_DAYS = 3650;

/** The asker, a moderator or an admin may close a question as a duplicate, or reopen it. */
export function mayMarkDuplicate(actor: Actor, askerId: string): boolean {
  return actor.id === askerId || isModerator(actor);
}

/** The review owner, a moderator or an admin may say "still true" or "outdated". */
export function mayReview(actor: Actor, ownerId: string): boolean {
  return actor.id === ownerId || isModerator(actor);
}

/** The review owner, the post's author, a moderator or an admin may hand the review over. */
export function mayTransferReview(actor: Actor, post: { ownerId: string; authorId: string }) {
  return actor.id === post.ownerId || actor.id === post.authorId || isModerator(actor);
}

/** L&D and admins read the freshness report. */
export function mayReadFreshness(actor: Actor): boolean {
  return actor.roles.includes('ld') || isAdmin(actor);
}

/** When something reviewed now is next due: `periodDays` ahead, or never (null period). */
export function reviewDueAfter(now: Date, periodDays: number | null): Date | null {
  return periodDays === null ? null : new Date(now.getTime() + periodDays * DAY_MS);
}

/**
 * Who reviews a new post and when: a tip is its author's to keep true; questions get an owner only
 * when an answer is accepted, and announcements never.
 */
export function initialReview(
  kind: PostKind,
  authorId: string,
  periodDays: number | null,
  now: Date,
): { ownerId: string; dueAt: Date | null } | null {
  switch (kind) {
    case 'tip':
      return { ownerId: authorId, dueAt: reviewDueAfter(now, periodDays) };
    case 'question':
    case 'announcement':
      return null;
    default: {
      const unknown: never = kind;
      throw new Error(`unknown post kind ${String(unknown)}`);
    }
  }
}

/** A chosen next review date: in the future and at most 10 years ahead. */
export function checkNextReviewAt(
  now: Date,
  nextReviewAt: string,
): { ok: true; at: Date } | { ok: false; message: string } {
  const at = new Date(nextReviewAt);
  if (Number.isNaN(at.getTime())) return { ok: false, message: 'must be a date and time' };
  if (at.getTime() <= now.getTime()) return { ok: false, message: 'must be in the future' };
  if (at.getTime() > now.getTime() + MAX_REVIEW_AHEAD_DAYS * DAY_MS)
    return { ok: false, message: 'must be at most 10 years ahead' };
  return { ok: true, at };
}

/** The review columns a review writes (absent: unchanged), and the Post fields that changed. */
export interface ReviewChange {
  reviewedAt?: Date;
  outdatedAt?: Date | null;
  reviewDueAt?: Date | null;
  reviewNotifiedAt?: null;
  changed: ('reviewDueAt' | 'outdated')[];
}

/**
 * What "still true" or "outdated" does to a reviewed post. Confirming starts a new period (or the
 * chosen date) and lets the sweep ask again then; marking outdated keeps the date, but the sweep
 * leaves outdated content alone.
 */
export function reviewChange(
  action: ReviewAction,
  current: { outdatedAt: Date | null; reviewDueAt: Date | null },
  next: { now: Date; periodDays: number | null; chosenDueAt?: Date },
): ReviewChange {
  switch (action) {
    case 'confirm': {
      const dueAt = next.chosenDueAt ?? reviewDueAfter(next.now, next.periodDays);
      const changed: ReviewChange['changed'] = [];
      if (current.reviewDueAt?.getTime() !== dueAt?.getTime()) changed.push('reviewDueAt');
      if (current.outdatedAt) changed.push('outdated');
      return {
        reviewedAt: next.now,
        outdatedAt: null,
        reviewDueAt: dueAt,
        reviewNotifiedAt: null,
        changed,
      };
    }
    case 'outdated':
      return current.outdatedAt ? { changed: [] } : { outdatedAt: next.now, changed: ['outdated'] };
    default: {
      const unknown: never = action;
      throw new Error(`unknown review action ${String(unknown)}`);
    }
  }
}

/** An edit of the title or body by the review owner is a review: they looked and fixed it. */
export function ownerEditConfirms(
  changed: readonly string[],
  editorId: string,
  ownerId: string | null,
): boolean {
  return editorId === ownerId && (changed.includes('title') || changed.includes('body'));
}
