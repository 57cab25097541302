import type { Actor, Goal, GoalMeasure, GoalMetric, LearningVisibility } from '@outloud/contracts';
import type { GoalsTable } from '../db.js';

/** Percent scale of goals updated by hand. */
export const MANUAL_TARGET = 100;

/** How the viewer relates to the owner of a learning record. */
export type Relation = 'owner' | 'manager' | 'other';

export function relationTo(
  viewer: Pick<Actor, 'id'>,
  ownerId: string,
  ownerManagerId: string | null,
): Relation {
  if (viewer.id === ownerId) return 'owner';
  return ownerManagerId !== null && viewer.id === ownerManagerId ? 'manager' : 'other';
}

/** The visibilities a viewer may read: everything for the owner, never a private item for anyone else. */
export function readableVisibilities(relation: Relation): LearningVisibility[] {
  switch (relation) {
    case 'owner':
      return ['private', 'manager', 'public'];
    case 'manager':
      return ['manager', 'public'];
    case 'other':
      return ['public'];
    default: {
      const never: never = relation;
      return never;
    }
  }
}

export function canRead(relation: Relation, visibility: LearningVisibility): boolean {
  return readableVisibilities(relation).includes(visibility);
}

export type GoalRow = Pick<
  GoalsTable,
  | 'id'
  | 'ownerId'
  | 'title'
  | 'why'
  | 'tags'
  | 'visibility'
  | 'status'
  | 'metric'
  | 'metricTag'
  | 'targetCount'
> & {
  targetDate: string | null;
  progress: number;
  sharedProgress: number;
  createdAt: Date;
  updatedAt: Date;
  achievedAt: Date | null;
  sharedAchievedAt: Date | null;
};

/**
 * A goal as this viewer may see it. The owner sees every contribution counted, and also the
 * figure others see (`sharedProgress`). Anyone else sees a measurable goal's progress counted
 * from public channels only, with the status and achievement date that figure gives: a goal
 * achieved only thanks to private channels shows as active to them.
 */
export function toGoal(row: GoalRow, viewer: Relation = 'owner'): Goal {
  const measure: GoalMeasure | null =
    row.metric === null
      ? null
      : {
          metric: row.metric as GoalMetric,
          ...(row.metricTag ? { tag: row.metricTag } : {}),
          count: row.targetCount ?? 1,
        };
  const progressTarget = measure ? measure.count : MANUAL_TARGET;
  let { progress, status, achievedAt } = row;
  if (measure && viewer !== 'owner') {
    progress = row.sharedProgress;
    if (status === 'achieved' && progress < progressTarget) status = 'active';
    achievedAt = status === 'achieved' ? (row.sharedAchievedAt ?? row.achievedAt) : null;
  }
  return {
    id: row.id,
    ownerId: row.ownerId,
    title: row.title,
    why: row.why,
    targetDate: row.targetDate,
    tags: row.tags,
    visibility: row.visibility,
    status,
    measure,
    progress,
    ...(measure && viewer === 'owner' ? { sharedProgress: row.sharedProgress } : {}),
    progressTarget,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    achievedAt: achievedAt ? achievedAt.toISOString() : null,
  };
}

/** The status a goal moves to when its progress changes: reaching the target achieves it. */
export function statusAfterProgress(
  current: Goal['status'],
  progress: number,
  target: number,
): Goal['status'] {
  if (current === 'archived') return current;
  return progress >= target ? 'achieved' : current === 'achieved' ? 'active' : current;
}
