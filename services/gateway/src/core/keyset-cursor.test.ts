import { describe, expect, it } from 'vitest';
import { decodeKeysetCursor, encodeKeysetCursor, keysetPage } from './keyset-cursor.js';

const id = '0b8f0e3c-8d63-4d35-9f0e-7d4a3f2d6c11';

describe('keyset cursors', () => {
  it('round-trips a position', () => {
    const at = new Date('2026-12-06T12:00:00.123Z');
    expect(decodeKeysetCursor(encodeKeysetCursor({ at, id }))).toEqual({ at, id });
  });

  it('refuses cursors it did not make', () => {
    for (const bad of ['', 'nonsense', Buffer.from(`2026-12-06|${id}`).toString('base64url')]) {
      expect(() => decodeKeysetCursor(bad)).toThrow(/invalid/);
    }
    const extra = Buffer.from(`2026-12-06T12:00:00.000Z|${id}|x`).toString('base64url');
    expect(() => decodeKeysetCursor(extra)).toThrow(/invalid/);
  });

  it('gives a next cursor only when there is one more row', () => {
    const rows = [1, 2, 3].map((n) => ({ at: new Date(n * 1000), id }));
    expect(keysetPage(rows, 3, (r) => r).nextCursor).toBeNull();
    const page = keysetPage(rows, 2, (r) => r);
    expect(page.rows).toHaveLength(2);
    expect(decodeKeysetCursor(page.nextCursor!)).toEqual({ at: new Date(2000), id });
  });
});
