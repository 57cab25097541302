import { describe, expect, it } from 'vitest';
import { REPLY_BUDGET_BYTES } from '../bounded.js';
import { encodeCursor } from '../posts/cursor.js';
import {
  revisionPage,
  revisionPosition,
  toRevisionAuthorFields,
  type RevisionAuthorRow,
} from './revision-history.js';

const id = (n: number) => `0190a0a0-0000-7000-8000-${String(n).padStart(12, '0')}`;

function version(n: number, body = 'text') {
  return {
    id: id(n),
    replacedAt: new Date(Date.UTC(2026, 10, 28, 10, 0, 60 - n)).toISOString(),
    body,
  };
}

describe('revision history pages', () => {
  it('sends the whole history without a cursor when nothing is left', () => {
    const rows = [version(1), version(2)];
    expect(revisionPage(rows, 2)).toEqual({ items: rows, nextCursor: null });
  });

  it('keeps the extra row back and points the cursor at the last version sent', () => {
    const rows = [version(1), version(2), version(3)];
    const page = revisionPage(rows, 2);
    expect(page.items).toEqual(rows.slice(0, 2));
    expect(page.nextCursor).toBe(
      encodeCursor({ sort: 'revisions', key: new Date(rows[1]!.replacedAt), id: rows[1]!.id }),
    );
    expect(revisionPosition(page.nextCursor!)).toEqual({
      at: new Date(rows[1]!.replacedAt),
      id: rows[1]!.id,
    });
  });

  it('stops before the byte budget and still moves forward one version at a time', () => {
    const big = 'x'.repeat(REPLY_BUDGET_BYTES / 2);
    const rows = [version(1, big), version(2, big), version(3, big)];
    const page = revisionPage(rows, 50);
    expect(page.items).toEqual([rows[0]]);
    expect(revisionPosition(page.nextCursor!)?.id).toBe(rows[0]!.id);
  });

  it('reads no position without a cursor and rejects a cursor of another list', () => {
    expect(revisionPosition(undefined)).toBeUndefined();
    const other = encodeCursor({ sort: 'new', key: new Date(), id: id(1) });
    expect(() => revisionPosition(other)).toThrow(
      expect.objectContaining({ code: 'validation_failed' }),
    );
  });
});

describe('revision authors', () => {
  const row: RevisionAuthorRow = {
    replacedAt: new Date('2026-11-28T10:00:00.000Z'),
    redactedAt: null,
    editorId: id(1),
    handle: 'ada',
    displayName: 'Ada',
    avatarUrl: null,
    redactorId: null,
    redactorHandle: null,
    redactorDisplayName: null,
    redactorAvatarUrl: null,
  };

  it('names the editor of a kept version and nothing about removal', () => {
    expect(toRevisionAuthorFields(row)).toEqual({
      editedBy: { id: id(1), handle: 'ada', displayName: 'Ada' },
      replacedAt: '2026-11-28T10:00:00.000Z',
    });
  });

  it('marks a removed version with who removed it and when', () => {
    const removed = {
      ...row,
      redactedAt: new Date('2026-11-29T08:00:00.000Z'),
      redactorId: id(2),
      redactorHandle: 'mod',
      redactorDisplayName: 'Moderator',
      redactorAvatarUrl: 'https://example.test/mod.png',
    };
    expect(toRevisionAuthorFields(removed)).toEqual({
      editedBy: { id: id(1), handle: 'ada', displayName: 'Ada' },
      replacedAt: '2026-11-28T10:00:00.000Z',
      redacted: true,
      redactedAt: '2026-11-29T08:00:00.000Z',
      redactedBy: {
        id: id(2),
        handle: 'mod',
        displayName: 'Moderator',
        avatarUrl: 'https://example.test/mod.png',
      },
    });
  });

  it('leaves out who removed a version when their author row is gone', () => {
    const fields = toRevisionAuthorFields({ ...row, redactedAt: new Date(), redactorId: id(2) });
    expect(fields.redacted).toBe(true);
    expect(fields).not.toHaveProperty('redactedBy');
  });
});
