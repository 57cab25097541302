import { describe, expect, it } from 'vitest';
import type { Actor } from '@outloud/contracts';
import { judgeNewcomerWrite, newcomerUntil, type NewcomerLedger } from './newcomers.logic.js';

const limits = { hours: 24, posts: 10, links: 5 };
const madeAt = new Date('2026-12-08T09:00:00Z');
const hoursLater = (hours: number) => new Date(madeAt.getTime() + hours * 3_600_000);
const actor = (overrides: Partial<Actor> = {}): Actor => ({
  id: '00000000-0000-4000-8000-000000000001',
  handle: 'new',
  displayName: 'New',
  roles: ['member'],
  since: madeAt.toISOString(),
  ...overrides,
});
const ledger = (overrides: Partial<NewcomerLedger> = {}): NewcomerLedger => ({
  posts: 0,
  links: 0,
  linksOfTarget: 0,
  ...overrides,
});

describe('newcomerUntil', () => {
  it('applies the caps for the first hours after the account was made', () => {
    expect(newcomerUntil(actor(), limits, hoursLater(1))).toEqual(hoursLater(24));
    expect(newcomerUntil(actor(), limits, hoursLater(24))).toBeUndefined();
  });

  it('exempts anyone with a role beyond member, and actors that do not say when they joined', () => {
    for (const role of ['moderator', 'ld', 'manager', 'admin'] as const)
      expect(newcomerUntil(actor({ roles: ['member', role] }), limits, hoursLater(1))).toBe(
        undefined,
      );
    expect(newcomerUntil(actor({ since: undefined }), limits, hoursLater(1))).toBeUndefined();
  });

  it('applies no caps when they are turned off (0 hours)', () => {
    expect(newcomerUntil(actor(), { ...limits, hours: 0 }, hoursLater(1))).toBeUndefined();
  });
});

describe('judgeNewcomerWrite', () => {
  const judge = (input: Partial<Parameters<typeof judgeNewcomerWrite>[0]>) =>
    judgeNewcomerWrite({
      kind: 'post',
      linksInBody: 0,
      ledger: ledger(),
      limits,
      until: hoursLater(24),
      now: hoursLater(21),
      ...input,
    });

  it('allows the tenth post and refuses the eleventh until the first day is over', () => {
    expect(judge({ ledger: ledger({ posts: 9 }) })).toEqual({ allowed: true, links: 0 });
    const refused = judge({ kind: 'answer', ledger: ledger({ posts: 10 }) });
    expect(refused).toMatchObject({
      allowed: false,
      code: 'newcomer_post_limit',
      retryAfterSeconds: 3 * 3_600,
    });
    expect(refused.allowed || refused.message).toMatch(/at most 10 posts and answers.*3 hours/);
  });

  it('counts the links of a new post against what is left', () => {
    expect(judge({ linksInBody: 2, ledger: ledger({ links: 3 }) })).toEqual({
      allowed: true,
      links: 2,
    });
    const refused = judge({ linksInBody: 3, ledger: ledger({ links: 3 }), now: hoursLater(23.9) });
    expect(refused).toMatchObject({
      allowed: false,
      code: 'newcomer_link_limit',
      retryAfterSeconds: 360,
    });
    expect(refused.allowed || refused.message).toMatch(
      /at most 5 links.*2 left, this adds 3.*6 minutes/,
    );
  });

  it('lets a newcomer at the link cap still write without links', () => {
    expect(judge({ linksInBody: 0, ledger: ledger({ links: 5 }) })).toEqual({
      allowed: true,
      links: 0,
    });
  });

  it('counts only the links an edit adds beyond the most its post ever held', () => {
    expect(
      judge({
        kind: 'edit',
        linksInBody: 4,
        ledger: ledger({ posts: 10, links: 5, linksOfTarget: 4 }),
      }),
    ).toEqual({ allowed: true, links: 0 });
    expect(
      judge({ kind: 'edit', linksInBody: 5, ledger: ledger({ links: 5, linksOfTarget: 4 }) }),
    ).toMatchObject({ allowed: false, code: 'newcomer_link_limit' });
    expect(
      judge({ kind: 'edit', linksInBody: 3, ledger: ledger({ links: 2, linksOfTarget: 1 }) }),
    ).toEqual({ allowed: true, links: 2 });
  });

  it('asks to retry in at least a second', () => {
    const refused = judge({
      ledger: ledger({ posts: 10 }),
      now: new Date(hoursLater(24).getTime() - 10),
    });
    expect(refused).toMatchObject({ retryAfterSeconds: 1 });
  });
});
