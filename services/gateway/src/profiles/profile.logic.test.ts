import { describe, expect, it } from 'vitest';
import { canonicalTimeZone, profileChanges } from './profile.logic.js';

describe('canonicalTimeZone', () => {
  it('accepts IANA zones in the runtime spelling', () => {
    expect(canonicalTimeZone('Europe/Berlin')).toBe('Europe/Berlin');
    expect(canonicalTimeZone('america/new_york')).toBe('America/New_York');
    expect(canonicalTimeZone('UTC')).toBe('UTC');
  });

  it('refuses unknown zones, offsets and paths', () => {
    for (const zone of ['Mars/Base', '+02:00', 'GMT+2x', '../etc', 'Europe/', '']) {
      expect(canonicalTimeZone(zone), zone).toBeNull();
    }
  });
});

describe('profileChanges', () => {
  it('trims text, keeps lines in the bio, and lowercases skills once each', () => {
    expect(
      profileChanges({
        displayName: ' Ada ',
        bio: '\n one\ntwo \n',
        team: ' ',
        skills: ['rust', 'go'],
      }),
    ).toEqual({
      changes: { displayName: 'Ada', bio: 'one\ntwo', team: '', skills: ['rust', 'go'] },
      problems: [],
    });
  });

  it('names every bad field at once', () => {
    const result = profileChanges({
      displayName: '  ',
      title: 'a\tb',
      bio: 'ok\u0085hidden',
      timeZone: 'Nowhere/Land',
    });
    expect(result.changes).toBeNull();
    expect(result.problems.map((p) => p.field).sort()).toEqual([
      'bio',
      'displayName',
      'timeZone',
      'title',
    ]);
  });

  it('passes null through to clear the time zone', () => {
    expect(profileChanges({ timeZone: null }).changes).toEqual({ timeZone: null });
  });
});
