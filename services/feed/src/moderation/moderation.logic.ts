import { RpcError } from '@outloud/bus';
import type { ModerationAction, ModerationTargetType } from '@outloud/contracts';

/** Open flags from this many different people hide content until a moderator looks at it. */
export const DEFAULT_FLAG_HIDE_THRESHOLD = 3;
/** The queue shows at most this many flags per item (the newest); `flagCount` has them all. */
export const QUEUE_FLAGS_MAX = 20;
/** The queue shows at most this many characters of the flagged text. */
export const TARGET_EXCERPT_CHARS = 500;
/** The `feed.moderation.applied` event names at most this many flaggers. */
export const FLAGGERS_MAX = 500;

/** What a moderator acts on, as the decision needs it. */
export interface ModeratedState {
  type: ModerationTargetType;
  hidden: boolean;
  /** The thread's lock (for an answer: its question's). */
  locked: boolean;
}

/** The change an action makes to the content; `none` when it is already so (or a dismissal). */
export type ContentChange =
  | { kind: 'none' }
  | { kind: 'hidden'; hidden: boolean }
  | { kind: 'locked'; locked: boolean }
  | { kind: 'deleted' };

/**
 * Decides what a moderator's action changes. Flags are resolved whatever it changes: a moderator
 * who hides something already hidden still settles the people who flagged it.
 */
export function planAction(action: ModerationAction, target: ModeratedState): ContentChange {
  switch (action) {
    case 'hide':
      return target.hidden ? { kind: 'none' } : { kind: 'hidden', hidden: true };
    case 'restore':
      return target.hidden ? { kind: 'hidden', hidden: false } : { kind: 'none' };
    case 'dismiss':
      return { kind: 'none' };
    case 'lock':
    case 'unlock': {
      if (target.type !== 'post')
        throw new RpcError('validation_failed', 'Only a thread (a post) can be locked.', [
          { field: 'action', message: `${action} applies to posts only` },
        ]);
      const locked = action === 'lock';
      return target.locked === locked ? { kind: 'none' } : { kind: 'locked', locked };
    }
    case 'delete':
      return { kind: 'deleted' };
    default: {
      const unknown: never = action;
      throw new Error(`unknown moderation action ${String(unknown)}`);
    }
  }
}

/** Whether content with this many open flags (each from a different person) hides itself now. */
export function reachesHideThreshold(
  openFlags: number,
  threshold: number,
  alreadyHidden: boolean,
): boolean {
  return !alreadyHidden && openFlags >= threshold;
}
