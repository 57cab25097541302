import { describe, expect, it } from 'vitest';
import type { Actor } from '@outloud/contracts';
import { applyEdit, preparePost } from './posts.logic.js';

const member: Actor = {
  id: '0190a0a0-0000-7000-8000-000000000001',
  handle: 'ada',
  displayName: 'Ada',
  roles: ['member'],
};
const input = {
  channelId: '0190a0a0-0000-7000-8000-000000000002',
  kind: 'tip' as const,
  title: '  Use git bisect ',
  body: 'It finds bugs, @bob.',
};

describe('preparePost', () => {
  it('trims the title, removes duplicate tags and parses mentions', () => {
    expect(preparePost(member, { ...input, tags: ['git', 'debugging', 'git'] })).toEqual({
      kind: 'tip',
      title: 'Use git bisect',
      body: 'It finds bugs, @bob.',
      tags: ['git', 'debugging'],
      mentions: ['bob'],
      pinnedUntil: null,
    });
  });

  it('refuses announcements from members', () => {
    expect(() => preparePost(member, { ...input, kind: 'announcement' })).toThrow(
      expect.objectContaining({ code: 'forbidden' }),
    );
  });

  it('lets L&D staff announce and pin', () => {
    const prepared = preparePost(
      { ...member, roles: ['member', 'ld'] },
      { ...input, kind: 'announcement', pinnedUntil: '2030-01-01T00:00:00Z' },
    );
    expect(prepared.pinnedUntil).toEqual(new Date('2030-01-01T00:00:00Z'));
  });

  it('refuses to pin anything but an announcement', () => {
    expect(() => preparePost(member, { ...input, pinnedUntil: '2030-01-01T00:00:00Z' })).toThrow(
      expect.objectContaining({ code: 'validation_failed' }),
    );
  });

  it('rejects a blank title naming the field', () => {
    expect(() => preparePost(member, { ...input, title: '   ' })).toThrow(
      expect.objectContaining({
        code: 'validation_failed',
        details: [{ field: 'title', message: 'must not be blank' }],
      }),
    );
  });
});

describe('applyEdit', () => {
  const current = { kind: 'tip' as const, title: 'A', body: 'B', tags: ['x'], pinnedUntil: null };

  it('reports what changed', () => {
    expect(applyEdit(current, { title: 'A2', tags: ['x'] })?.changed).toEqual(['title']);
  });

  it('returns undefined for an edit that changes nothing', () => {
    expect(applyEdit(current, { title: ' A ', body: 'B' })).toBeUndefined();
  });
});
