import { describe, expect, it } from 'vitest';
import {
  appendUnique,
  insertLive,
  isPinned,
  mergeNewest,
  mergePost,
  patchPost,
  prependUnique,
  removePost,
  replacePost,
  replyCount,
  withScore,
} from './posts';
import { ids, makePost as post } from './test-fixtures';

const now = Date.parse('2025-06-01T12:00:00.000Z');
const pinned = (id: string) =>
  post(id, { kind: 'announcement', pinnedUntil: '2025-06-30T00:00:00.000Z' });

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

describe('isPinned', () => {
  it('is true only while pinnedUntil is in the future', () => {
    expect(isPinned(pinned('a'), now)).toBe(true);
    expect(isPinned(post('a', { pinnedUntil: '2025-05-31T00:00:00.000Z' }), now)).toBe(false);
    expect(isPinned(post('a'), now)).toBe(false);
  });
});

describe('insertLive', () => {
  it('puts a live post below the pinned announcements', () => {
    expect(ids(insertLive([pinned('p'), post('b')], post('a'), now))).toEqual(['p', 'a', 'b']);
  });

  it('puts a pinned announcement on top', () => {
    expect(ids(insertLive([pinned('p'), post('b')], pinned('q'), now))).toEqual(['q', 'p', 'b']);
  });

  it('appends below an all-pinned list and ignores posts already listed', () => {
    expect(ids(insertLive([pinned('p')], post('a'), now))).toEqual(['p', 'a']);
    expect(ids(insertLive([post('a'), post('b')], post('b'), now))).toEqual(['a', 'b']);
  });
});

describe('mergePost and replacePost', () => {
  it('keep the reader’s vote and bookmark when the newer copy has none (events)', () => {
    const mine = post('a', { viewer: { voted: true, bookmarked: true } });
    const edited = post('a', { title: 'Edited' });
    expect(mergePost(mine, edited)).toMatchObject({
      title: 'Edited',
      viewer: { voted: true, bookmarked: true },
    });
    const [first] = replacePost([mine, post('b')], edited);
    expect(first?.viewer).toEqual({ voted: true, bookmarked: true });
  });

  it('ignore posts that are not listed', () => {
    expect(ids(replacePost([post('a')], post('z')))).toEqual(['a']);
  });
});

describe('removePost', () => {
  it('drops the post with the id', () => {
    expect(ids(removePost([post('a'), post('b')], 'a'))).toEqual(['b']);
  });
});

describe('withScore', () => {
  it('sets the score of one item and keeps the others as they are', () => {
    const b = post('b');
    const next = withScore([post('a'), b], 'a', 3);
    expect(next[0]?.score).toBe(3);
    expect(next[1]).toBe(b);
  });
});

describe('replyCount', () => {
  it('names answers on questions and comments on tips', () => {
    expect(replyCount('question', 1)).toBe('1 answer');
    expect(replyCount('question', 2)).toBe('2 answers');
    expect(replyCount('tip', 0)).toBe('0 comments');
    expect(replyCount('announcement', 1)).toBe('1 comment');
  });
});

describe('patchPost', () => {
  it('changes only the post with the id', () => {
    const b = post('b');
    const next = patchPost([post('a', { answerCount: 1 }), b], 'a', (item) => ({
      answerCount: item.answerCount + 1,
    }));
    expect(next[0]?.answerCount).toBe(2);
    expect(next[1]).toBe(b);
  });
});
