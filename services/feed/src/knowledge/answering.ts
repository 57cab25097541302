import { RpcError } from '@outloud/bus';
import type { DuplicateRef } from '@outloud/contracts';

/** What decides whether a thread takes new answers. */
export interface AnsweringState {
  /** The original, when the question was closed as a duplicate of it. */
  duplicateOf: DuplicateRef | null;
  /** When a moderator locked the thread (null: not locked). */
  lockedAt: Date | null;
}

export type AnsweringRule =
  | { open: true }
  | { open: false; reason: 'closed_as_duplicate'; duplicateOf: DuplicateRef }
  | { open: false; reason: 'thread_locked' };

/**
 * Whether a thread is open for new answers. A duplicate says so first, because it also says where
 * the answers go (the web sends people to the original); a locked thread takes none at all.
 */
export function answeringRule(state: AnsweringState): AnsweringRule {
  if (state.duplicateOf)
    return { open: false, reason: 'closed_as_duplicate', duplicateOf: state.duplicateOf };
  if (state.lockedAt) return { open: false, reason: 'thread_locked' };
  return { open: true };
}

/** Throws the domain error for a thread closed to new answers (409 with where to go instead). */
export function checkOpenForAnswers(state: AnsweringState): void {
  const rule = answeringRule(state);
  if (rule.open) return;
  switch (rule.reason) {
    case 'closed_as_duplicate':
      throw new RpcError(
        'closed_as_duplicate',
        'This question was closed as a duplicate; answer the original instead.',
        { duplicateOf: rule.duplicateOf.id, original: rule.duplicateOf },
      );
    case 'thread_locked':
      throw new RpcError(
        'thread_locked',
        'A moderator locked this thread; it takes no new answers.',
      );
    default: {
      const unknown: never = rule;
      throw new Error(`unknown answering rule ${JSON.stringify(unknown)}`);
    }
  }
}
