import { describe, expect, it } from 'vitest';
import { toGoal, type GoalRow } from './goals.logic.js';

const at = new Date('2026-12-01T10:00:00Z');
const row = (overrides: Partial<GoalRow> = {}): GoalRow => ({
  id: '0190b6a4-1c1e-7000-8000-000000000001',
  ownerId: '0190b6a4-1c1e-7000-8000-000000000002',
  title: 'Share three tips',
  why: '',
  targetDate: null,
  tags: [],
  visibility: 'public',
  status: 'achieved',
  metric: 'tips',
  metricTag: null,
  targetCount: 3,
  progress: 3,
  sharedProgress: 1,
  createdAt: at,
  updatedAt: at,
  achievedAt: at,
  sharedAchievedAt: null,
  ...overrides,
});

describe('toGoal', () => {
  it('shows the owner every contribution counted, and the shared figure beside it', () => {
    expect(toGoal(row(), 'owner')).toMatchObject({
      progress: 3,
      sharedProgress: 1,
      status: 'achieved',
      achievedAt: at.toISOString(),
    });
  });

  it.each(['manager', 'other'] as const)(
    'shows a %s the shared figure, and a goal reached only in private as active',
    (viewer) => {
      const goal = toGoal(row(), viewer);
      expect(goal).toMatchObject({ progress: 1, status: 'active', achievedAt: null });
      expect(goal).not.toHaveProperty('sharedProgress');
    },
  );

  it('shows others the moment the shared figure reached the target', () => {
    const shared = new Date('2026-12-03T10:00:00Z');
    expect(
      toGoal(row({ progress: 4, sharedProgress: 3, sharedAchievedAt: shared }), 'other'),
    ).toMatchObject({ progress: 3, status: 'achieved', achievedAt: shared.toISOString() });
  });

  it('shows goals updated by hand alike to everyone', () => {
    const manual = row({ metric: null, targetCount: null, progress: 40, status: 'active' });
    expect(toGoal(manual, 'other')).toEqual(toGoal(manual, 'owner'));
    expect(toGoal(manual, 'other').progress).toBe(40);
  });
});
