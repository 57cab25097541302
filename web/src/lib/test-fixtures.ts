import type { Answer, Channel, Post } from '@outloud/contracts';

// Small factories for the unit tests of the pure helpers (not used by the app).

export const author = { id: 'u1', handle: 'ada', displayName: 'Ada' } as const;

export function makePost(id: string, overrides: Partial<Post> = {}): Post {
  return {
    id,
    channelId: 'c1',
    kind: 'tip',
    title: `Post ${id}`,
    body: 'body',
    bodyHtml: '<p>body</p>',
    tags: [],
    author,
    score: 0,
    answerCount: 0,
    acceptedAnswerId: null,
    createdAt: '2025-01-01T00:00:00.000Z',
    updatedAt: '2025-01-01T00:00:00.000Z',
    pinnedUntil: null,
    mentions: [],
    ...overrides,
  };
}

export function makeAnswer(id: string, overrides: Partial<Answer> = {}): Answer {
  return {
    id,
    postId: 'p1',
    body: 'answer',
    bodyHtml: '<p>answer</p>',
    author: { id: 'u2', handle: 'grace', displayName: 'Grace' },
    score: 0,
    accepted: false,
    createdAt: '2025-01-02T00:00:00.000Z',
    updatedAt: '2025-01-02T00:00:00.000Z',
    mentions: [],
    ...overrides,
  };
}

export function makeChannel(id: string, overrides: Partial<Channel> = {}): Channel {
  return {
    id,
    slug: id,
    name: id,
    description: '',
    visibility: 'public',
    memberCount: 1,
    createdAt: '2025-01-01T00:00:00.000Z',
    ownerId: 'u1',
    ...overrides,
  };
}

export const ids = (items: readonly { id: string }[]): string[] => items.map((item) => item.id);
