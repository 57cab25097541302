import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Answer, FeedEvent, Post } from '@outloud/contracts';
import { feedEmissions } from './feed-emissions.js';
import { LaterChanges, replayedEmissions } from './replay-rules.js';

const author = { id: randomUUID(), handle: 'ada', displayName: 'Ada' };
const now = new Date().toISOString();
const postId = randomUUID();
const answerId = randomUUID();
const channel = { id: randomUUID(), visibility: 'public' as const };

function postOf(text: { title: string; body: string }): Post {
  return {
    id: postId,
    channelId: channel.id,
    kind: 'question',
    ...text,
    bodyHtml: `<p>${text.body}</p>`,
    tags: [],
    author,
    score: 0,
    answerCount: 1,
    acceptedAnswerId: null,
    createdAt: now,
    updatedAt: now,
    pinnedUntil: null,
    mentions: [],
  };
}

function envelope(type: FeedEvent['type'], data: unknown): FeedEvent {
  return { id: randomUUID(), type, occurredAt: now, actor: null, data } as FeedEvent;
}

function postEvent(
  type: 'feed.post.created.v1' | 'feed.post.updated.v1' | 'feed.post.deleted.v1',
  text = { title: 'Title', body: 'Body' },
): FeedEvent {
  const post = postOf(text);
  if (type === 'feed.post.deleted.v1')
    return envelope(type, { postId, authorId: author.id, channel });
  if (type === 'feed.post.updated.v1')
    return envelope(type, { post, channel, version: 2, changed: ['title', 'body'] });
  return envelope(type, { post, channel, version: 2 });
}

function answerEvent(
  type: 'feed.answer.created.v1' | 'feed.answer.updated.v1' | 'feed.answer.deleted.v1',
  body: string,
): FeedEvent {
  const state = { post: postOf({ title: 'Title', body: 'Body' }), channel, version: 3 };
  if (type === 'feed.answer.deleted.v1')
    return envelope(type, { ...state, answerId, authorId: author.id });
  const answer: Answer = {
    id: answerId,
    postId,
    body,
    bodyHtml: `<p>${body}</p>`,
    author,
    score: 0,
    accepted: false,
    createdAt: now,
    updatedAt: now,
    mentions: [],
  };
  return envelope(type, { ...state, answer });
}

describe('LaterChanges', () => {
  const created = postEvent('feed.post.created.v1', { title: 'token swordfish', body: 'secret' });
  const updated = postEvent('feed.post.updated.v1', { title: 'No secret', body: 'clean' });
  const emissionOf = (event: FeedEvent) => feedEmissions(event)[0]!;

  it('replays an event unchanged when nothing happened to its post since', () => {
    const later = new LaterChanges();
    later.note(1, created);
    expect(later.replayable(1, emissionOf(created))).toEqual(emissionOf(created));
  });

  it('tells a creation edited since without its text, and leaves earlier edits out', () => {
    const later = new LaterChanges();
    later.note(5, updated);
    const replayed = later.replayable(1, emissionOf(created));
    expect(replayed?.event).toBe('post:created');
    expect(JSON.stringify(replayed)).not.toContain('swordfish');
    expect(JSON.stringify(replayed)).not.toContain('secret');
    expect(later.replayable(3, emissionOf(updated))).toBeUndefined();
    expect(later.replayable(5, emissionOf(updated))).toEqual(emissionOf(updated));
  });

  it('leaves out everything but the deletion of a post deleted since', () => {
    const later = new LaterChanges();
    const deleted = postEvent('feed.post.deleted.v1');
    later.note(9, deleted);
    expect(later.replayable(1, emissionOf(created))).toBeUndefined();
    expect(later.replayable(9, emissionOf(deleted))?.event).toBe('post:deleted');
  });

  it('withholds the text of an answer edited since, and leaves out one deleted since', () => {
    const later = new LaterChanges();
    const answered = answerEvent('feed.answer.created.v1', 'use the key marlin');
    const answerEdited = answerEvent('feed.answer.updated.v1', 'ask the team');
    later.note(7, answerEdited);
    expect(JSON.stringify(later.replayable(2, emissionOf(answered)))).not.toContain('marlin');
    const gone = new LaterChanges();
    gone.note(8, answerEvent('feed.answer.deleted.v1', ''));
    expect(gone.replayable(2, emissionOf(answered))).toBeUndefined();
  });
});

describe('replayedEmissions', () => {
  const reader = (roles: ('member' | 'moderator')[], id: string = randomUUID()) => ({
    id,
    handle: 'r',
    displayName: 'R',
    roles,
  });
  const created = postEvent('feed.post.created.v1', { title: 'Buy pills', body: 'spam' });
  const hidden = envelope('feed.post.updated.v1', {
    post: { ...postOf({ title: 'Buy pills', body: 'spam' }), hidden: true },
    channel,
    version: 3,
    changed: ['hidden'],
  });
  const replay = (who: ReturnType<typeof reader>, visible = new Set([channel.id])) => {
    const later = new LaterChanges();
    later.note(1, created);
    later.note(2, hidden);
    return [created, hidden].flatMap((event, index) =>
      replayedEmissions({ reader: who, visibleChannels: visible, later, seq: index + 1, event }),
    );
  };

  it('replays a post hidden since as a creation without its text, then its removal', () => {
    const replayed = replay(reader(['member']));
    expect(replayed.map((e) => e.event)).toEqual(['post:created', 'post:deleted']);
    expect(JSON.stringify(replayed)).not.toContain('pills');
  });

  it('replays the hidden version to its author and to moderators', () => {
    for (const who of [reader(['member'], author.id), reader(['member', 'moderator'])]) {
      const replayed = replay(who);
      expect(replayed.map((e) => e.event)).toEqual(['post:created', 'post:updated']);
      expect(replayed[1]?.payload).toMatchObject({ post: { hidden: true } });
    }
  });

  it('replays nothing of a channel the reader may not see', () => {
    expect(replay(reader(['member']), new Set())).toEqual([]);
  });
});
