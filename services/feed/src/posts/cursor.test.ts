import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './cursor.js';

const id = '0190a0a0-0000-7000-8000-000000000001';

describe('cursors', () => {
  it('round-trip for each sort', () => {
    const at = new Date('2026-11-28T10:00:00.123Z');
    expect(decodeCursor(encodeCursor({ sort: 'new', key: at, id }), 'new')).toEqual({
      sort: 'new',
      key: at,
      id,
    });
    expect(decodeCursor(encodeCursor({ sort: 'top', key: 1234.5678901234, id }), 'top')).toEqual({
      sort: 'top',
      key: 1234.5678901234,
      id,
    });
    expect(decodeCursor(encodeCursor({ sort: 'new', key: null, id: null }), 'new')).toEqual({
      sort: 'new',
      key: null,
      id: null,
    });
  });

  it('rejects a cursor of another sort, garbage and forged values', () => {
    const top = encodeCursor({ sort: 'top', key: 1, id });
    expect(() => decodeCursor(top, 'new')).toThrow(
      expect.objectContaining({ code: 'validation_failed' }),
    );
    expect(() => decodeCursor('bm9wZQ', 'new')).toThrow(
      expect.objectContaining({ code: 'validation_failed' }),
    );
    const forged = Buffer.from(JSON.stringify(['new', 'yesterday', "x' or 1=1"])).toString(
      'base64url',
    );
    expect(() => decodeCursor(forged, 'new')).toThrow(
      expect.objectContaining({ code: 'validation_failed' }),
    );
  });
});
