import { describe, expect, it } from 'vitest';
import { buildFilter, quote } from './filter.js';
import { toSnippetHtml } from './snippet.js';

const A = '0190a0a0-0000-7000-8000-00000000000a';
const B = '0190a0a0-0000-7000-8000-00000000000b';

describe('buildFilter', () => {
  it('confines a search to the visible channels', () => {
    expect(buildFilter([A, B], { q: 'x' })).toEqual([`channelId IN ["${A}", "${B}"]`]);
  });

  it('narrows to a requested channel only when it is visible', () => {
    expect(buildFilter([A, B], { q: 'x', channelId: B })).toEqual([`channelId IN ["${B}"]`]);
    expect(buildFilter([A], { q: 'x', channelId: B })).toBeUndefined();
  });

  it('matches nothing when no channel is visible', () => {
    expect(buildFilter([], { q: 'x' })).toBeUndefined();
  });

  it('adds kind and tag filters as quoted values', () => {
    expect(buildFilter([A], { q: 'x', kind: 'question', tag: 'git' })).toEqual([
      `channelId IN ["${A}"]`,
      'kind = "question"',
      'tags = "git"',
    ]);
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
