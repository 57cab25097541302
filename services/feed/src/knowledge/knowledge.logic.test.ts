import { describe, expect, it } from 'vitest';
import { makeActor } from '@outloud/testkit';
import {
  checkNextReviewAt,
  initialReview,
  mayMarkDuplicate,
  mayReadFreshness,
  mayReview,
  mayTransferReview,
  ownerEditConfirms,
  reviewChange,
  reviewDueAfter,
} from './knowledge.logic.js';

const now = new Date('2026-12-10T09:00:00Z');
const DAY_MS = 24 * 60 * 60 * 1000;

describe('initialReview', () => {
  it("makes a tip its author's, due after the channel's period", () => {
    expect(initialReview('tip', 'ada', 180, now)).toEqual({
      ownerId: 'ada',
      dueAt: new Date(now.getTime() + 180 * DAY_MS),
    });
  });

  it('gives a tip no date in a channel without reviews, and questions and announcements nothing', () => {
    expect(initialReview('tip', 'ada', null, now)).toEqual({ ownerId: 'ada', dueAt: null });
    expect(initialReview('question', 'ada', 180, now)).toBeNull();
    expect(initialReview('announcement', 'ada', 180, now)).toBeNull();
  });
});

describe('checkNextReviewAt', () => {
  it('takes a date in the future up to 10 years ahead', () => {
    const at = new Date(now.getTime() + 3650 * DAY_MS);
    expect(checkNextReviewAt(now, at.toISOString())).toEqual({ ok: true, at });
  });

  it('refuses now, the past and more than 10 years ahead', () => {
    expect(checkNextReviewAt(now, now.toISOString())).toMatchObject({ ok: false });
    expect(checkNextReviewAt(now, '2020-01-01T00:00:00Z')).toMatchObject({ ok: false });
    const tooFar = new Date(now.getTime() + 3651 * DAY_MS).toISOString();
    expect(checkNextReviewAt(now, tooFar)).toMatchObject({ ok: false });
  });
});

describe('reviewChange', () => {
  const due = new Date(now.getTime() - DAY_MS);

  it('confirm: reviewed now, outdated cleared, next date from the period, sweep re-armed', () => {
    expect(
      reviewChange('confirm', { outdatedAt: due, reviewDueAt: due }, { now, periodDays: 30 }),
    ).toEqual({
      reviewedAt: now,
      outdatedAt: null,
      reviewDueAt: reviewDueAfter(now, 30),
      reviewNotifiedAt: null,
      changed: ['reviewDueAt', 'outdated'],
    });
  });

  it('confirm: a chosen date wins over the period', () => {
    const chosen = new Date(now.getTime() + 7 * DAY_MS);
    expect(
      reviewChange(
        'confirm',
        { outdatedAt: null, reviewDueAt: due },
        { now, periodDays: 30, chosenDueAt: chosen },
      ),
    ).toMatchObject({ reviewDueAt: chosen, changed: ['reviewDueAt'] });
  });

  it('outdated: marks once and keeps the date', () => {
    expect(
      reviewChange('outdated', { outdatedAt: null, reviewDueAt: due }, { now, periodDays: 30 }),
    ).toEqual({ outdatedAt: now, changed: ['outdated'] });
    expect(
      reviewChange('outdated', { outdatedAt: due, reviewDueAt: due }, { now, periodDays: 30 }),
    ).toEqual({ changed: [] });
  });
});

describe('ownerEditConfirms', () => {
  it("counts the owner's edit of title or body, nothing else", () => {
    expect(ownerEditConfirms(['body'], 'ada', 'ada')).toBe(true);
    expect(ownerEditConfirms(['title', 'tags'], 'ada', 'ada')).toBe(true);
    expect(ownerEditConfirms(['tags'], 'ada', 'ada')).toBe(false);
    expect(ownerEditConfirms(['body'], 'bob', 'ada')).toBe(false);
    expect(ownerEditConfirms(['body'], 'ada', null)).toBe(false);
  });
});

describe('permissions', () => {
  const member = makeActor();
  const moderator = makeActor({ roles: ['member', 'moderator'] });
  const admin = makeActor({ roles: ['member', 'admin'] });
  const ld = makeActor({ roles: ['member', 'ld'] });

  it('lets the asker, moderators and admins close duplicates', () => {
    expect(mayMarkDuplicate(member, member.id)).toBe(true);
    expect(mayMarkDuplicate(member, 'someone-else')).toBe(false);
    expect(mayMarkDuplicate(moderator, 'someone-else')).toBe(true);
    expect(mayMarkDuplicate(admin, 'someone-else')).toBe(true);
  });

  it('lets the owner, moderators and admins review; the author may also hand it over', () => {
    expect(mayReview(member, member.id)).toBe(true);
    expect(mayReview(member, 'owner')).toBe(false);
    expect(mayReview(moderator, 'owner')).toBe(true);
    expect(mayTransferReview(member, { ownerId: 'owner', authorId: member.id })).toBe(true);
    expect(mayTransferReview(member, { ownerId: 'owner', authorId: 'author' })).toBe(false);
  });

  it('shows the freshness report to L&D and admins only', () => {
    expect(mayReadFreshness(ld)).toBe(true);
    expect(mayReadFreshness(admin)).toBe(true);
    expect(mayReadFreshness(moderator)).toBe(false);
    expect(mayReadFreshness(member)).toBe(false);
  });
});
