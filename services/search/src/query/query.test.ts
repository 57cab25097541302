import { describe, expect, it } from 'vitest';
import type { Actor } from '@outloud/contracts';
import { buildFilter, quote, seesAllHidden } from './filter.js';
import { toSnippetHtml } from './snippet.js';

const A = '0190a0a0-0000-7000-8000-00000000000a';
const B = '0190a0a0-0000-7000-8000-00000000000b';

const reader = (roles: Actor['roles']): Actor => ({
  id: '0190a0a0-0000-7000-8000-0000000000cc',
  handle: 'cy',
  displayName: 'Cy',
  roles,
});

describe('buildFilter', () => {
  it('confines a search to the visible channels', () => {
    expect(buildFilter([A, B], { q: 'x' })).toEqual([
      `channelId IN ["${A}", "${B}"]`,
      'hidden != true',
    ]);
  });

  it('narrows to a requested channel only when it is visible', () => {
    expect(buildFilter([A, B], { q: 'x', channelId: B })?.[0]).toBe(`channelId IN ["${B}"]`);
    expect(buildFilter([A], { q: 'x', channelId: B })).toBeUndefined();
  });

  it('matches nothing when no channel is visible', () => {
    expect(buildFilter([], { q: 'x' })).toBeUndefined();
  });

  it('adds kind and tag filters as quoted values', () => {
    expect(buildFilter([A], { q: 'x', kind: 'question', tag: 'git' })).toEqual([
      `channelId IN ["${A}"]`,
      'hidden != true',
      'kind = "question"',
      'tags = "git"',
    ]);
  });

  it('shows a member only their own hidden content, and a moderator or admin all of it', () => {
    const member = reader(['member']);
    expect(buildFilter([A], { q: 'x' }, { hiddenShownTo: member })).toEqual([
      `channelId IN ["${A}"]`,
      ['hidden != true', `hiddenViewerId = "${member.id}"`],
    ]);
    for (const roles of [['member', 'moderator'], ['admin']] as const)
      expect(buildFilter([A], { q: 'x' }, { hiddenShownTo: reader([...roles]) })).toEqual([
        `channelId IN ["${A}"]`,
      ]);
  });

  it('gives the roles that see every hidden thing in one place', () => {
    expect(seesAllHidden(reader(['member', 'ld', 'manager']))).toBe(false);
    expect(seesAllHidden(reader(['moderator']))).toBe(true);
    expect(seesAllHidden(reader(['admin']))).toBe(true);
  });

  it('quotes values so they cannot break out of the expression', () => {
    expect(quote('a" OR visibility = "private')).toBe('"a\\" OR visibility = \\"private"');
    expect(quote('back\\slash')).toBe('"back\\\\slash"');
  });
});

describe('toSnippetHtml', () => {
  it('escapes the text and marks the matches', () => {
    expect(toSnippetHtml('use <b>\uE000git\uE001</b> & "bisect"')).toBe(
      'use &lt;b&gt;<mark>git</mark>&lt;/b&gt; &amp; &quot;bisect&quot;',
    );
  });
});
