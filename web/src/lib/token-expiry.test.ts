import { describe, expect, it } from 'vitest';
import { expiresAtOf, todayIso } from './token-expiry';

const now = new Date(2026, 11, 6, 10, 0, 0);

describe('expiresAtOf', () => {
  it('sends nothing for a token that never expires', () => {
    expect(expiresAtOf('never', '', now)).toEqual({ expiresAt: undefined, error: null });
  });

  it('counts days from now', () => {
    const { expiresAt } = expiresAtOf('30', '', now);
    expect(new Date(expiresAt!).getTime() - now.getTime()).toBe(30 * 24 * 60 * 60 * 1000);
  });

  it('ends a chosen day at its last second, local time', () => {
    const { expiresAt } = expiresAtOf('date', '2027-01-15', now);
    expect(new Date(expiresAt!)).toEqual(new Date(2027, 0, 15, 23, 59, 59));
  });

  it('refuses a missing or past date', () => {
    expect(expiresAtOf('date', '', now).error).toMatch(/Choose the day/);
    expect(expiresAtOf('date', '2026-12-05', now).error).toMatch(/future/);
  });
});

describe('todayIso', () => {
  it('is the local date', () => {
    expect(todayIso(now)).toBe('2026-12-06');
  });
});
