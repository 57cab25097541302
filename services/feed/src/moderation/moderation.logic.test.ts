import { describe, expect, it } from 'vitest';
import { planAction, reachesHideThreshold, type ModeratedState } from './moderation.logic.js';

const post = (overrides: Partial<ModeratedState> = {}): ModeratedState => ({
  type: 'post',
  hidden: false,
  locked: false,
  ...overrides,
});

describe('planAction', () => {
  it('hides visible content and restores hidden content', () => {
    expect(planAction('hide', post())).toEqual({ kind: 'hidden', hidden: true });
    expect(planAction('restore', post({ hidden: true }))).toEqual({
      kind: 'hidden',
      hidden: false,
    });
  });

  it('changes nothing when the content is already so, or for a dismissal', () => {
    expect(planAction('hide', post({ hidden: true }))).toEqual({ kind: 'none' });
    expect(planAction('restore', post())).toEqual({ kind: 'none' });
    expect(planAction('lock', post({ locked: true }))).toEqual({ kind: 'none' });
    expect(planAction('unlock', post())).toEqual({ kind: 'none' });
    expect(planAction('dismiss', post({ hidden: true }))).toEqual({ kind: 'none' });
  });

  it('locks and unlocks threads', () => {
    expect(planAction('lock', post())).toEqual({ kind: 'locked', locked: true });
    expect(planAction('unlock', post({ locked: true }))).toEqual({ kind: 'locked', locked: false });
  });

  it('refuses to lock or unlock an answer, naming the action', () => {
    for (const action of ['lock', 'unlock'] as const) {
      expect(() => planAction(action, post({ type: 'answer' }))).toThrow(
        expect.objectContaining({
          code: 'validation_failed',
          details: [expect.objectContaining({ field: 'action' })],
        }),
      );
    }
  });

  it('deletes posts and answers', () => {
    expect(planAction('delete', post())).toEqual({ kind: 'deleted' });
    expect(planAction('delete', post({ type: 'answer', hidden: true }))).toEqual({
      kind: 'deleted',
    });
  });
});

describe('reachesHideThreshold', () => {
  it('hides at the threshold, not before, and not twice', () => {
    expect(reachesHideThreshold(2, 3, false)).toBe(false);
    expect(reachesHideThreshold(3, 3, false)).toBe(true);
    expect(reachesHideThreshold(4, 3, false)).toBe(true);
    expect(reachesHideThreshold(3, 3, true)).toBe(false);
    expect(reachesHideThreshold(1, 1, false)).toBe(true);
  });
});
