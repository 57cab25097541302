import { describe, expect, it } from 'vitest';
import {
  containsPattern,
  decodeDirectoryCursor,
  encodeDirectoryCursor,
} from './channel-directory.js';

const id = '0190a0b0-0000-7000-8000-000000000001';

describe('directory cursors', () => {
  it('round-trips each sort', () => {
    const at = '2026-12-07 10:00:00.123456+00';
    expect(
      decodeDirectoryCursor(encodeDirectoryCursor({ sort: 'activity', key: at, id }), 'activity'),
    ).toEqual({ sort: 'activity', key: at, id });
    expect(
      decodeDirectoryCursor(encodeDirectoryCursor({ sort: 'members', key: 12, id }), 'members'),
    ).toEqual({ sort: 'members', key: 12, id });
    expect(
      decodeDirectoryCursor(encodeDirectoryCursor({ sort: 'name', key: 'design', id }), 'name'),
    ).toEqual({ sort: 'name', key: 'design', id });
  });

  it('refuses a cursor of another sort', () => {
    const cursor = encodeDirectoryCursor({ sort: 'members', key: 3, id });
    expect(() => decodeDirectoryCursor(cursor, 'name')).toThrow(/cursor/);
  });

  it('refuses forged keys and garbage', () => {
    const forged = Buffer.from(JSON.stringify(['directory', 'members', -1, id])).toString(
      'base64url',
    );
    expect(() => decodeDirectoryCursor(forged, 'members')).toThrow(/cursor/);
    const badDate = Buffer.from(JSON.stringify(['directory', 'activity', 'soon', id])).toString(
      'base64url',
    );
    expect(() => decodeDirectoryCursor(badDate, 'activity')).toThrow(/cursor/);
    expect(() => decodeDirectoryCursor('not-json', 'name')).toThrow(/cursor/);
  });
});

describe('containsPattern', () => {
  it('wraps the trimmed text and escapes LIKE wildcards', () => {
    expect(containsPattern('  data ')).toBe('%data%');
    expect(containsPattern('50%_off\\')).toBe('%50\\%\\_off\\\\%');
  });

  it('means no filter for blank text', () => {
    expect(containsPattern('   ')).toBeUndefined();
  });
});
