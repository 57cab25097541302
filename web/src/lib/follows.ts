import type { FollowTargetType } from '@outloud/contracts';

/** One key per followed thing, so follows can be kept in a set. */
export function followKey(targetType: FollowTargetType, target: string): string {
  return `${targetType}:${target}`;
}
