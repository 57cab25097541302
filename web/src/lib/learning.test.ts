import { beforeEach, describe, expect, it } from 'vitest';
import type { Challenge, Goal } from '@outloud/contracts';
import { setLocale } from '../i18n';
import {
  currentStreaks,
  parseLearningRoute,
  percentText,
  progressPercent,
  progressText,
  promptsFrom,
} from './learning';

const goal = (overrides: Partial<Goal>): Goal => ({
  id: 'g',
  ownerId: 'o',
  title: 't',
  why: '',
  targetDate: null,
  tags: [],
  visibility: 'private',
  status: 'active',
  measure: null,
  progress: 0,
  progressTarget: 100,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
  achievedAt: null,
  ...overrides,
});

describe('learning routes', () => {
  it('recognises learning pages and leaves the others to the app', () => {
    expect(parseLearningRoute('#/goals')).toEqual({ name: 'goals' });
    expect(parseLearningRoute('#/challenges/abc')).toEqual({ name: 'challenge', id: 'abc' });
    expect(parseLearningRoute('#/users/ada/portfolio')).toEqual({
      name: 'portfolio',
      handle: 'ada',
    });
    expect(parseLearningRoute('#/insights')).toEqual({ name: 'insights' });
    expect(parseLearningRoute('#/users/ada')).toBeNull();
    expect(parseLearningRoute('#/')).toBeNull();
  });
});

describe('goal progress', () => {
  beforeEach(async () => {
    await setLocale('en');
  });

  it('describes measured and hand-updated goals', () => {
    expect(
      progressText(
        goal({
          measure: { metric: 'answers', tag: 'kubernetes', count: 5 },
          progress: 3,
          progressTarget: 5,
        }),
      ),
    ).toBe('3 of 5 answers to questions tagged kubernetes');
    expect(progressText(goal({ progress: 40 }))).toBe('40% done');
  });

  it('describes progress in German', async () => {
    await setLocale('de');
    expect(progressText(goal({ measure: { metric: 'tips', count: 1200 }, progress: 3 }))).toBe(
      '3 von 1.200 geteilte Tipps',
    );
    expect(progressText(goal({ progress: 40 }))).toBe('40 % erledigt');
  });

  it('writes shares as percentages in the language asked for, and a dash when withheld', () => {
    expect(percentText(0.456, 'en')).toBe('46%');
    expect(percentText(0.456, 'de')).toBe('46\u00a0%');
    expect(percentText(null, 'en')).toBe('—');
  });

  it('clamps the bar to 100%', () => {
    expect(progressPercent({ progress: 7, progressTarget: 5 })).toBe(100);
    expect(progressPercent({ progress: 1, progressTarget: 4 })).toBe(25);
  });

  it('reads one prompt per non-empty line', () => {
    expect(promptsFrom(' a \n\n b\n')).toEqual(['a', 'b']);
  });
});

describe('currentStreaks', () => {
  const me = (joined: boolean, currentStreak: number): Pick<Challenge, 'me'> => ({
    me: {
      joined,
      joinedAt: null,
      checkedInDays: [],
      currentStreak,
      bestStreak: 0,
      completed: false,
    },
  });

  it('takes the longest running streak among joined challenges', () => {
    expect(currentStreaks([me(true, 2), me(true, 5), me(false, 9), me(true, 0)])).toEqual({
      longest: 5,
      running: 2,
    });
  });

  it('is zero without any running streak', () => {
    expect(currentStreaks([])).toEqual({ longest: 0, running: 0 });
    expect(currentStreaks([me(true, 0)])).toEqual({ longest: 0, running: 0 });
  });
});
