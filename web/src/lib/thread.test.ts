import { describe, expect, it } from 'vitest';
import {
  appendAnswers,
  applyAccepted,
  bookmarkedPost,
  removeAnswer,
  sortAnswers,
  syncAccepted,
  upsertAnswer,
  votedAnswer,
  votedPost,
} from './thread';
import { ids, makeAnswer as answer, makePost } from './test-fixtures';

const question = makePost('p1', { kind: 'question' });

describe('sortAnswers', () => {
  it('puts the accepted answer first, then by score, then oldest first', () => {
    const list = [
      answer('old-low', { score: 1, createdAt: '2025-01-01T00:00:00.000Z' }),
      answer('new-low', { score: 1, createdAt: '2025-01-03T00:00:00.000Z' }),
      answer('high', { score: 5 }),
      answer('accepted', { accepted: true }),
    ];
    expect(ids(sortAnswers(list))).toEqual(['accepted', 'high', 'old-low', 'new-low']);
  });
});

describe('upsertAnswer', () => {
  it('appends a new answer and says so', () => {
    const result = upsertAnswer([answer('a')], answer('b'));
    expect(ids(result.answers)).toEqual(['a', 'b']);
    expect(result.added).toBe(true);
  });

  it('replaces a listed answer (the live echo of our own) and keeps our vote', () => {
    const mine = answer('a', { viewer: { voted: true } });
    const result = upsertAnswer([mine], answer('a', { body: 'edited' }));
    expect(result.added).toBe(false);
    expect(result.answers).toEqual([
      { ...answer('a', { body: 'edited' }), viewer: { voted: true } },
    ]);
  });
});

describe('applyAccepted', () => {
  it('accepts one answer, un-accepts the previous one and moves it first', () => {
    const before = [answer('a', { accepted: true, score: 9 }), answer('b')];
    const result = applyAccepted(
      { ...question, acceptedAnswerId: 'a' },
      before,
      answer('b', { accepted: true }),
    );
    expect(result.post.acceptedAnswerId).toBe('b');
    expect(result.answers.map((item) => [item.id, item.accepted])).toEqual([
      ['b', true],
      ['a', false],
    ]);
  });

  it('withdraws an acceptance', () => {
    const result = applyAccepted(
      { ...question, acceptedAnswerId: 'a' },
      [answer('a', { accepted: true }), answer('b', { score: 2 })],
      answer('a', { accepted: false }),
    );
    expect(result.post.acceptedAnswerId).toBeNull();
    expect(result.answers.every((item) => !item.accepted)).toBe(true);
    expect(ids(result.answers)).toEqual(['b', 'a']);
  });

  it('leaves the post alone when a withdrawal is for another answer', () => {
    const post = { ...question, acceptedAnswerId: 'b' };
    expect(applyAccepted(post, [answer('a')], answer('a')).post).toBe(post);
  });
});

describe('votes and bookmarks', () => {
  it('record our helpful vote on the post with the new score', () => {
    expect(votedPost(question, true, 4)).toMatchObject({
      score: 4,
      viewer: { voted: true, bookmarked: false },
    });
    const bookmarked = bookmarkedPost(question, true);
    expect(votedPost(bookmarked, false, 3).viewer).toEqual({ voted: false, bookmarked: true });
  });

  it('record a bookmark and keep the vote', () => {
    const voted = votedPost(question, true, 1);
    expect(bookmarkedPost(voted, true).viewer).toEqual({ voted: true, bookmarked: true });
    expect(bookmarkedPost(voted, false).viewer).toEqual({ voted: true, bookmarked: false });
  });

  it('record our vote on one answer', () => {
    const next = votedAnswer([answer('a'), answer('b')], 'b', true, 2);
    expect(next[1]).toMatchObject({ score: 2, viewer: { voted: true } });
    expect(next[0]?.viewer).toBeUndefined();
  });
});

describe('removeAnswer', () => {
  it('drops the answer with the id', () => {
    expect(ids(removeAnswer([answer('a'), answer('b')], 'a'))).toEqual(['b']);
  });
});

describe('syncAccepted', () => {
  it('clears the flag of an answer whose acceptance was withdrawn', () => {
    const next = syncAccepted([answer('a', { accepted: true }), answer('b', { score: 1 })], null);
    expect(next.map((item) => [item.id, item.accepted])).toEqual([
      ['b', false],
      ['a', false],
    ]);
  });

  it('marks the accepted answer and moves it first', () => {
    const next = syncAccepted([answer('a'), answer('b')], 'b');
    expect(next.map((item) => [item.id, item.accepted])).toEqual([
      ['b', true],
      ['a', false],
    ]);
  });

  it('returns the same list when the flags already agree', () => {
    const list = [answer('a', { accepted: true }), answer('b')];
    expect(syncAccepted(list, 'a')).toBe(list);
  });
});

describe('appendAnswers', () => {
  it('adds the next page after the answers shown', () => {
    expect(ids(appendAnswers([answer('a'), answer('b')], [answer('c'), answer('d')]))).toEqual([
      'a',
      'b',
      'c',
      'd',
    ]);
  });

  it('lists an answer that arrived live and is on the page once, where the page has it', () => {
    const shown = [answer('a'), answer('live', { body: 'old' })];
    const result = appendAnswers(shown, [answer('c'), answer('live', { body: 'new' })]);
    expect(ids(result)).toEqual(['a', 'c', 'live']);
    expect(result.at(-1)?.body).toBe('new');
  });
});
