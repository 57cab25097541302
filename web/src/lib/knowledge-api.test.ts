import type { ChannelFreshness } from '@outloud/contracts';
import { describe, expect, it } from 'vitest';
import {
  answeredShare,
  canCloseAsDuplicate,
  canHandOver,
  canReopen,
  canReview,
  choicesWith,
  duplicateCandidates,
  durationParts,
  freshShare,
  hitTarget,
  nextReviewFrom,
  periodParts,
  readsFreshness,
  reviewState,
  sortFreshness,
  tomorrowIso,
} from './knowledge-api';
import { author, makePost } from './test-fixtures';

const asker = { id: author.id, roles: ['member'] } as const;
const member = { id: 'u9', roles: ['member'] } as const;
const moderator = { id: 'u8', roles: ['member', 'moderator'] } as const;
const admin = { id: 'u7', roles: ['member', 'admin'] } as const;
const grace = { id: 'u2', handle: 'grace', displayName: 'Grace' };
const original = { id: 'p0', title: 'How do I rotate the signing key?' };
const now = Date.parse('2026-06-01T12:00:00.000Z');

describe('canCloseAsDuplicate', () => {
  it('lets the asker, a moderator and an admin close an open question', () => {
    const question = makePost('p1', { kind: 'question' });
    expect(canCloseAsDuplicate(asker, question)).toBe(true);
    expect(canCloseAsDuplicate(moderator, question)).toBe(true);
    expect(canCloseAsDuplicate(admin, question)).toBe(true);
    expect(canCloseAsDuplicate(member, question)).toBe(false);
  });

  it('offers nothing for tips or for a question already closed', () => {
    expect(canCloseAsDuplicate(asker, makePost('p1', { kind: 'tip' }))).toBe(false);
    const closed = makePost('p1', { kind: 'question', duplicateOf: original.id, original });
    expect(canCloseAsDuplicate(moderator, closed)).toBe(false);
    expect(canReopen(asker, closed)).toBe(true);
    expect(canReopen(member, closed)).toBe(false);
    expect(canReopen(asker, makePost('p1', { kind: 'question', duplicateOf: null }))).toBe(false);
  });
});

describe('canReview and canHandOver', () => {
  const handedOver = makePost('p1', { reviewOwner: grace });

  it('lets the review owner, moderators and admins review', () => {
    expect(canReview({ id: grace.id, roles: ['member'] }, handedOver)).toBe(true);
    expect(canReview(moderator, handedOver)).toBe(true);
    expect(canReview(admin, handedOver)).toBe(true);
    // The author handed it over: no longer theirs to review.
    expect(canReview(asker, handedOver)).toBe(false);
    expect(canReview(member, handedOver)).toBe(false);
  });

  it('lets the author hand over still, but not a bystander', () => {
    expect(canHandOver(asker, handedOver)).toBe(true);
    expect(canHandOver({ id: grace.id, roles: ['member'] }, handedOver)).toBe(true);
    expect(canHandOver(member, handedOver)).toBe(false);
  });

  it('offers neither where nothing is reviewed', () => {
    const open = makePost('p1', { kind: 'question', reviewOwner: null });
    expect(canReview(admin, open)).toBe(false);
    expect(canHandOver(admin, open)).toBe(false);
  });
});

describe('reviewState', () => {
  const owned = { reviewOwner: grace };

  it('tells due, scheduled, unscheduled and outdated apart', () => {
    expect(reviewState(makePost('p', { ...owned, reviewDueAt: '2026-06-01T11:59:59Z' }), now)).toBe(
      'due',
    );
    expect(reviewState(makePost('p', { ...owned, reviewDueAt: '2026-06-01T12:00:00Z' }), now)).toBe(
      'due',
    );
    expect(reviewState(makePost('p', { ...owned, reviewDueAt: '2026-12-01T12:00:00Z' }), now)).toBe(
      'scheduled',
    );
    expect(reviewState(makePost('p', { ...owned, reviewDueAt: null }), now)).toBe('unscheduled');
    expect(
      reviewState(
        makePost('p', { ...owned, reviewDueAt: '2026-01-01T00:00:00Z', outdated: true }),
        now,
      ),
    ).toBe('outdated');
  });

  it('is null for content nobody reviews', () => {
    expect(reviewState(makePost('p', { reviewDueAt: '2026-01-01T00:00:00Z' }), now)).toBeNull();
  });
});

describe('duplicateCandidates', () => {
  it('leaves out the question itself and offers a duplicate’s original instead of it', () => {
    const found = duplicateCandidates(
      [
        { id: 'self', title: 'This one', answerCount: 0 },
        { id: 'p2', title: 'Signing key rotation', answerCount: 3 },
        { id: 'p3', title: 'Rotate keys?', answerCount: 0, original },
        { id: 'p0', title: original.title, answerCount: 5 },
        { id: 'p4', title: 'Key rotation again', answerCount: 1, original: null },
      ],
      'self',
    );
    expect(found).toEqual([
      { id: 'p2', title: 'Signing key rotation', answerCount: 3 },
      { id: 'p0', title: original.title, answerCount: null },
      { id: 'p4', title: 'Key rotation again', answerCount: 1 },
    ]);
  });

  it('never offers the question as its own original through a duplicate of it', () => {
    const found = duplicateCandidates(
      [{ id: 'p3', title: 'Copy', answerCount: 0, original: { id: 'self', title: 'Me' } }],
      'self',
    );
    expect(found).toEqual([]);
  });
});

describe('hitTarget', () => {
  it('leads a duplicate hit to its original and any other hit to itself', () => {
    expect(hitTarget({ id: 'p3', original })).toBe('p0');
    expect(hitTarget({ id: 'p3', original: null })).toBe('p3');
    expect(hitTarget({ id: 'p3' })).toBe('p3');
  });
});

describe('choicesWith', () => {
  it('adds a value set elsewhere to the choices, in order, and nothing for never', () => {
    expect(choicesWith([30, 90, 180], 45)).toEqual([30, 45, 90, 180]);
    expect(choicesWith([30, 90, 180], 90)).toEqual([30, 90, 180]);
    expect(choicesWith([30, 90, 180], null)).toEqual([30, 90, 180]);
    expect(choicesWith([30, 90, 180], undefined)).toEqual([30, 90, 180]);
  });
});

describe('periodParts and durationParts', () => {
  it('reads review periods in years, months or days', () => {
    expect(periodParts(365)).toEqual({ unit: 'years', count: 1 });
    expect(periodParts(730)).toEqual({ unit: 'years', count: 2 });
    expect(periodParts(180)).toEqual({ unit: 'months', count: 6 });
    expect(periodParts(45)).toEqual({ unit: 'days', count: 45 });
  });

  it('reads minutes in whole days or hours, short waits in minutes, long ones to a tenth', () => {
    expect(durationParts(1440)).toEqual({ unit: 'days', count: 1 });
    expect(durationParts(120)).toEqual({ unit: 'hours', count: 2 });
    expect(durationParts(60)).toEqual({ unit: 'hours', count: 1 });
    expect(durationParts(30)).toEqual({ unit: 'minutes', count: 30 });
    expect(durationParts(44.6)).toEqual({ unit: 'minutes', count: 45 });
    expect(durationParts(150)).toEqual({ unit: 'hours', count: 2.5 });
    expect(durationParts(4000)).toEqual({ unit: 'days', count: 2.8 });
    expect(durationParts(0)).toEqual({ unit: 'minutes', count: 0 });
  });
});

describe('review dates', () => {
  it('offers the local day after today as the earliest next review', () => {
    expect(tomorrowIso(new Date(2026, 0, 31, 23, 30))).toBe('2026-02-01');
    expect(tomorrowIso(new Date(2026, 11, 31, 0, 5))).toBe('2027-01-01');
  });

  it('asks again at 9:00 local time on the chosen day, and not for nonsense', () => {
    expect(nextReviewFrom('2026-09-15')).toBe(new Date(2026, 8, 15, 9).toISOString());
    expect(nextReviewFrom('')).toBeUndefined();
    expect(nextReviewFrom('2026-02-30')).toBeUndefined();
    expect(nextReviewFrom('15.09.2026')).toBeUndefined();
  });
});

describe('insights figures', () => {
  const channel = (name: string) => ({ id: name, slug: name, name, visibility: 'public' as const });
  const freshness = (name: string, due: number, outdated: number): ChannelFreshness => ({
    channel: channel(name),
    reviewPeriodDays: 180,
    reviewed: 10,
    due,
    outdated,
    oldestDueAt: null,
  });

  it('counts what is neither due nor outdated as fresh, and nothing for no content', () => {
    expect(freshShare({ reviewed: 10, due: 2, outdated: 3 })).toBe(0.5);
    expect(freshShare({ reviewed: 0, due: 0, outdated: 0 })).toBeNull();
    expect(answeredShare({ routed: 4, answered: 3 })).toBe(0.75);
    expect(answeredShare({ routed: 0, answered: 0 })).toBeNull();
  });

  it('lists the channels with the most to review first, then by name', () => {
    const sorted = sortFreshness([
      freshness('ops', 1, 0),
      freshness('data', 2, 2),
      freshness('Apps', 1, 0),
    ]);
    expect(sorted.map((item) => item.channel.name)).toEqual(['data', 'Apps', 'ops']);
  });

  it('shows the freshness report to L&D and admins only', () => {
    expect(readsFreshness(['member', 'ld'])).toBe(true);
    expect(readsFreshness(['admin'])).toBe(true);
    expect(readsFreshness(['member', 'manager'])).toBe(false);
  });
});
