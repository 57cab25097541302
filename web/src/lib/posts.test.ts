import type { Post } from '@outloud/contracts';
import { describe, expect, it } from 'vitest';
import { appendUnique, mergeNewest, prependUnique } from './posts';

function post(id: string): Post {
  return {
    id,
    channelId: 'c1',
    kind: 'tip',
    title: `Post ${id}`,
    body: 'body',
    bodyHtml: '<p>body</p>',
    tags: [],
    author: { id: 'u1', handle: 'ada', displayName: 'Ada' },
    score: 0,
    answerCount: 0,
    acceptedAnswerId: null,
    createdAt: '2025-01-01T00:00:00.000Z',
    updatedAt: '2025-01-01T00:00:00.000Z',
  };
}

const ids = (items: readonly Post[]) => items.map((item) => item.id);

describe('prependUnique', () => {
  it('puts a new post first', () => {
    expect(ids(prependUnique([post('b')], post('a')))).toEqual(['a', 'b']);
  });

  it('ignores a post that is already listed (the live echo of our own post)', () => {
    expect(ids(prependUnique([post('a'), post('b')], post('b')))).toEqual(['a', 'b']);
  });
});

describe('appendUnique', () => {
  it('appends only posts not yet listed', () => {
    expect(ids(appendUnique([post('a'), post('b')], [post('b'), post('c')]))).toEqual([
      'a',
      'b',
      'c',
    ]);
  });
});

describe('mergeNewest', () => {
  it('puts missed posts on top in page order', () => {
    expect(ids(mergeNewest([post('c'), post('d')], [post('a'), post('b'), post('c')]))).toEqual([
      'a',
      'b',
      'c',
      'd',
    ]);
  });
});
