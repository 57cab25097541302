import { UNREAD_COUNT_MAX as CONTRACT_MAX, type JoinedChannel } from '@outloud/contracts';
import { describe, expect, it } from 'vitest';
import {
  UNREAD_COUNT_MAX,
  liveChannelIds,
  sortJoined,
  unreadBadge,
  unreadLabel,
  withLivePost,
} from './sidebar';
import { ids, makeChannel } from './test-fixtures';

function joined(id: string, overrides: Partial<JoinedChannel> = {}): JoinedChannel {
  return {
    ...makeChannel(id),
    isMember: true,
    starred: false,
    unreadCount: 0,
    lastPostAt: null,
    ...overrides,
  };
}

const post = (channelId: string, authorId: string, createdAt = '2026-01-02T00:00:00.000Z') => ({
  channelId,
  createdAt,
  author: { id: authorId, handle: 'x', displayName: 'X' },
});

describe('sortJoined', () => {
  it('puts starred channels first, each group by name', () => {
    const list = [
      joined('a', { name: 'Beta' }),
      joined('b', { name: 'alpha' }),
      joined('c', { name: 'Zed', starred: true }),
    ];
    expect(ids(sortJoined(list))).toEqual(['c', 'b', 'a']);
  });
});

describe('liveChannelIds', () => {
  it('follows starred channels first, then the most recently active, up to the maximum', () => {
    const list = [
      joined('old', { lastPostAt: '2026-01-01T00:00:00.000Z' }),
      joined('new', { lastPostAt: '2026-03-01T00:00:00.000Z' }),
      joined('star', { starred: true }),
    ];
    expect(liveChannelIds(list, 2)).toEqual(['star', 'new']);
  });
});

describe('withLivePost', () => {
  const context = { viewerId: 'me', openChannelId: 'open' };

  it('counts a post by someone else in a channel that is not open', () => {
    const next = withLivePost([joined('a', { unreadCount: 2 })], post('a', 'them'), context);
    expect(next[0]).toMatchObject({ unreadCount: 3, lastPostAt: '2026-01-02T00:00:00.000Z' });
  });

  it('does not count my own posts, posts in the open channel, or past the cap', () => {
    expect(withLivePost([joined('a')], post('a', 'me'), context)[0]?.unreadCount).toBe(0);
    expect(withLivePost([joined('open')], post('open', 'them'), context)[0]?.unreadCount).toBe(0);
    const full = joined('a', { unreadCount: UNREAD_COUNT_MAX });
    expect(withLivePost([full], post('a', 'them'), context)[0]?.unreadCount).toBe(UNREAD_COUNT_MAX);
  });

  it('leaves other channels alone', () => {
    const list = [joined('a'), joined('b')];
    expect(withLivePost(list, post('b', 'them'), context)[0]).toBe(list[0]);
  });
});

describe('unread badge', () => {
  it('uses the same cap as the gateway', () => {
    expect(UNREAD_COUNT_MAX).toBe(CONTRACT_MAX);
  });

  it('shows the count, and 99+ at the cap', () => {
    expect(unreadBadge(3)).toBe('3');
    expect(unreadBadge(UNREAD_COUNT_MAX)).toBe('99+');
  });

  it('reads as words', () => {
    expect(unreadLabel(1)).toBe('1 unread post');
    expect(unreadLabel(3)).toBe('3 unread posts');
    expect(unreadLabel(UNREAD_COUNT_MAX)).toBe('More than 99 unread posts');
  });
});
