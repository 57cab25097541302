import { describe, expect, it } from 'vitest';
import { decodeAnswersCursor, decodeCursor, encodeAnswersCursor, encodeCursor } from './cursor.js';

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

  const craft = (parts: unknown[]) => Buffer.from(JSON.stringify(parts)).toString('base64url');
  const rejected = expect.objectContaining({ code: 'validation_failed' });

  it('rejects dates outside what Postgres and Outloud store', () => {
    for (const at of [
      '-100000-01-01T00:00:00Z',
      '+275760-09-13T00:00:00Z',
      '1969-12-31T23:59:59Z',
      '10000-01-01T00:00:00Z',
      'not a date',
      12345,
    ]) {
      for (const sort of ['new', 'unanswered', 'bookmarks', 'members'] as const)
        expect(() => decodeCursor(craft([sort, at, id]), sort), String(at)).toThrow(rejected);
    }
    expect(decodeCursor(craft(['new', '9999-12-31T00:00:00Z', id]), 'new').key).toEqual(
      new Date('9999-12-31T00:00:00Z'),
    );
  });

  it('rejects ranks that are not small finite numbers, and ids that are not uuids', () => {
    for (const key of ['1', 1e300, -1e13, null])
      expect(() => decodeCursor(craft(['top', key, id]), 'top'), String(key)).toThrow(rejected);
    // JSON.parse turns 1e999 into Infinity.
    const infinite = Buffer.from(`["top",1e999,"${id}"]`).toString('base64url');
    expect(() => decodeCursor(infinite, 'top')).toThrow(rejected);
    expect(() => decodeCursor(craft(['new', '2026-01-01T00:00:00Z', 'x']), 'new')).toThrow(
      rejected,
    );
    expect(() => decodeCursor(craft(['new', '2026-01-01T00:00:00Z', null]), 'new')).toThrow(
      rejected,
    );
    expect(() => decodeCursor(craft({ sort: 'new' } as never), 'new')).toThrow(rejected);
  });
});

describe('answers cursors', () => {
  const craft = (parts: unknown[]) => Buffer.from(JSON.stringify(parts)).toString('base64url');
  const rejected = expect.objectContaining({ code: 'validation_failed' });

  it('round-trips a position', () => {
    const position = { accepted: true, score: -3, createdAt: new Date('2026-12-01T00:00:00Z'), id };
    expect(decodeAnswersCursor(encodeAnswersCursor(position))).toEqual(position);
  });

  it('rejects forged positions', () => {
    const good = ['answers', false, 2, '2026-12-01T00:00:00Z', id];
    const forged: unknown[][] = [
      ['new', false, 2, '2026-12-01T00:00:00Z', id],
      ['answers', 'false', 2, '2026-12-01T00:00:00Z', id],
      ['answers', false, 2.5, '2026-12-01T00:00:00Z', id],
      ['answers', false, 2_147_483_648, '2026-12-01T00:00:00Z', id],
      ['answers', false, 2, '-100000-01-01T00:00:00Z', id],
      ['answers', false, 2, '2026-12-01T00:00:00Z', 'x'],
      good.slice(0, 4),
    ];
    for (const parts of forged)
      expect(() => decodeAnswersCursor(craft(parts)), JSON.stringify(parts)).toThrow(rejected);
    expect(() => decodeAnswersCursor('%%%')).toThrow(rejected);
    expect(decodeAnswersCursor(craft(good)).score).toBe(2);
  });
});
