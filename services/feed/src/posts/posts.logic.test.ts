import { describe, expect, it } from 'vitest';
import type { Actor } from '@outloud/contracts';
import { preparePost } from './posts.logic.js';

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
  body: 'It finds bugs.',
};

describe('preparePost', () => {
  it('trims the title and removes duplicate tags', () => {
    expect(preparePost(member, { ...input, tags: ['git', 'debugging', 'git'] })).toEqual({
      kind: 'tip',
      title: 'Use git bisect',
      body: 'It finds bugs.',
      tags: ['git', 'debugging'],
    });
  });

  it('refuses announcements from members', () => {
    expect(() => preparePost(member, { ...input, kind: 'announcement' })).toThrow(
      expect.objectContaining({ code: 'forbidden' }),
    );
  });

  it('lets L&D staff announce', () => {
    expect(
      preparePost({ ...member, roles: ['member', 'ld'] }, { ...input, kind: 'announcement' }).kind,
    ).toBe('announcement');
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
