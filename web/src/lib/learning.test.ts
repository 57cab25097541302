import { describe, expect, it } from 'vitest';
import type { Goal } from '@outloud/contracts';
import { parseLearningRoute, progressPercent, progressText, promptsFrom } from './learning';

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

  it('clamps the bar to 100%', () => {
    expect(progressPercent({ progress: 7, progressTarget: 5 })).toBe(100);
    expect(progressPercent({ progress: 1, progressTarget: 4 })).toBe(25);
  });

  it('reads one prompt per non-empty line', () => {
    expect(promptsFrom(' a \n\n b\n')).toEqual(['a', 'b']);
  });
});
