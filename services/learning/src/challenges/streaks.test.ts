import { describe, expect, it } from 'vitest';
import { checkInWindow, summarizeStreak } from './streaks.js';

describe('checkInWindow', () => {
  it('opens a day on that day and the day after, and closes it later', () => {
    expect(checkInWindow(3, 2, 30)).toBe('not_started');
    expect(checkInWindow(3, 3, 30)).toBe('open');
    expect(checkInWindow(3, 4, 30)).toBe('open');
    expect(checkInWindow(3, 5, 30)).toBe('closed');
  });

  it('refuses days outside the challenge', () => {
    expect(checkInWindow(0, 3, 30)).toBe('not_started');
    expect(checkInWindow(31, 31, 30)).toBe('not_started');
    expect(checkInWindow(30, 31, 30)).toBe('open');
  });
});

describe('summarizeStreak', () => {
  it('counts back from today when today is checked in', () => {
    expect(summarizeStreak([1, 2, 3], 3, 30)).toMatchObject({ currentStreak: 3, bestStreak: 3 });
  });

  it('does not break the streak while today is still open', () => {
    expect(summarizeStreak([1, 2], 3, 30).currentStreak).toBe(2);
  });

  it('breaks the streak after a missed day but keeps the best one', () => {
    // Day 4 was missed; on day 6 (still open) the run is day 5 alone, on day 7 it is gone.
    expect(summarizeStreak([1, 2, 3, 5], 6, 30).currentStreak).toBe(1);
    const summary = summarizeStreak([1, 2, 3, 5], 7, 30);
    expect(summary.currentStreak).toBe(0);
    expect(summary.bestStreak).toBe(3);
    expect(summarizeStreak([1, 2, 3, 5, 6], 6, 30).currentStreak).toBe(2);
  });

  it('counts back from the last day once the challenge is over, and knows completion', () => {
    expect(summarizeStreak([1, 2, 3], 4, 3)).toEqual({
      currentStreak: 3,
      bestStreak: 3,
      completed: true,
    });
    expect(summarizeStreak([1, 3], 4, 3).completed).toBe(false);
  });
});
