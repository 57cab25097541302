import { describe, expect, it } from 'vitest';
import { answeringRule } from './answering.js';

describe('answeringRule', () => {
  const original = { id: '0190a1b2-0000-7000-8000-000000000001', title: 'How do I rebase?' };

  it('leaves an ordinary thread open', () => {
    expect(answeringRule({ duplicateOf: null, lockedAt: null })).toEqual({ open: true });
  });

  it('closes a duplicate and names the original', () => {
    expect(answeringRule({ duplicateOf: original, lockedAt: null })).toEqual({
      open: false,
      reason: 'closed_as_duplicate',
      duplicateOf: original,
    });
  });

  it('closes a locked thread', () => {
    expect(answeringRule({ duplicateOf: null, lockedAt: new Date() })).toEqual({
      open: false,
      reason: 'thread_locked',
    });
  });

  it('points a locked duplicate to its original', () => {
    expect(answeringRule({ duplicateOf: original, lockedAt: new Date() })).toMatchObject({
      reason: 'closed_as_duplicate',
    });
  });
});
