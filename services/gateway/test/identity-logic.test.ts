import { describe, expect, it } from 'vitest';
import {
  normalizeEmail,
  normalizeRoles,
  removesLastAdmin,
  toUser,
} from '../src/identity/identity.logic.js';
import { retryAfterSeconds, throttleKeys } from '../src/identity/login-throttle.js';

describe('normalizeRoles', () => {
  it('always keeps member, drops duplicates and orders roles like the catalogue', () => {
    expect(normalizeRoles(['admin'])).toEqual(['member', 'admin']);
    expect(normalizeRoles(['manager', 'ld', 'ld', 'member'])).toEqual(['member', 'ld', 'manager']);
    expect(normalizeRoles([])).toEqual(['member']);
  });
});

describe('removesLastAdmin', () => {
  it('is true only when the last admin would lose the role', () => {
    expect(removesLastAdmin(['member', 'admin'], ['member'], 1)).toBe(true);
    expect(removesLastAdmin(['member', 'admin'], ['member'], 2)).toBe(false);
    expect(removesLastAdmin(['member', 'admin'], ['member', 'admin', 'ld'], 1)).toBe(false);
    expect(removesLastAdmin(['member'], ['member'], 1)).toBe(false);
  });
});

describe('toUser', () => {
  it('exposes only public fields (never email, status or password), with an ISO timestamp', () => {
    const row = {
      id: '00000000-0000-4000-8000-000000000001',
      handle: 'ada',
      displayName: 'Ada',
      roles: ['admin' as const],
      createdAt: new Date('2026-01-02T03:04:05Z'),
      passwordHash: 'scrypt$…',
      email: 'ada@example.com',
      bio: 'Builds engines',
      title: 'Engineer',
      team: 'Analytics',
      timeZone: 'Europe/London',
      skills: ['math'],
      avatarKey: 'a1.webp',
      status: 'suspended' as const,
    };
    expect(toUser(row)).toEqual({
      id: row.id,
      handle: 'ada',
      displayName: 'Ada',
      roles: ['member', 'admin'],
      createdAt: '2026-01-02T03:04:05.000Z',
      bio: 'Builds engines',
      title: 'Engineer',
      team: 'Analytics',
      timeZone: 'Europe/London',
      skills: ['math'],
      avatarUrl: '/api/v1/avatars/a1.webp',
    });
  });
});

describe('login throttle', () => {
  const windowMs = 15 * 60_000;
  const now = new Date('2026-01-01T12:00:00Z');
  const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);

  it('is not blocked below the limit', () => {
    expect(retryAfterSeconds([minutesAgo(1), minutesAgo(2)], 3, windowMs, now)).toBe(0);
  });

  it('waits until the oldest failure that keeps the count at the limit leaves the window', () => {
    // Three failures, limit 3: unblocked when the one 10 minutes old expires, in 5 minutes.
    expect(
      retryAfterSeconds([minutesAgo(1), minutesAgo(2), minutesAgo(10)], 3, windowMs, now),
    ).toBe(300);
  });

  it('keys failures by normalised email and by IP', () => {
    expect(throttleKeys(normalizeEmail(' Ada@Example.COM '), '10.0.0.1')).toEqual({
      account: 'acct:ada@example.com',
      ip: 'ip:10.0.0.1',
    });
  });
});
