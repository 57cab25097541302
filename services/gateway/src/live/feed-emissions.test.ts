import { randomUUID } from 'node:crypto';
import type { Answer, FeedEvent, Post } from '@outloud/contracts';
import { describe, expect, it } from 'vitest';
import { feedEmissions, reaches } from './feed-emissions.js';

const author = { id: randomUUID(), handle: 'ada', displayName: 'Ada' };
const now = new Date().toISOString();
const post: Post = {
  id: randomUUID(),
  channelId: randomUUID(),
  kind: 'question',
  title: 'Why?',
  body: 'b',
  bodyHtml: '<p>b</p>',
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
const answer: Answer = {
  id: randomUUID(),
  postId: post.id,
  body: 'a',
  bodyHtml: '<p>a</p>',
  author,
  score: 0,
  accepted: true,
  createdAt: now,
  updatedAt: now,
  mentions: [],
};
const state = { post, channel: { id: post.channelId, visibility: 'public' as const }, version: 2 };
const envelope = <T extends FeedEvent['type']>(type: T, data: unknown) =>
  ({ id: randomUUID(), type, occurredAt: now, actor: null, data }) as Extract<
    FeedEvent,
    { type: T }
  >;
const channelRoom = `channel:${post.channelId}`;
const postRoom = `post:${post.id}`;

describe('feedEmissions', () => {
  it('sends new posts to the channel room only', () => {
    const [emission] = feedEmissions(envelope('feed.post.created.v1', state));
    expect(emission).toMatchObject({
      event: 'post:created',
      rooms: [channelRoom],
      volatile: false,
    });
    expect(emission?.payload).toEqual({ post });
  });

  it('sends answers and accepts to the channel and the post, withdrawn accepts as a post update', () => {
    expect(feedEmissions(envelope('feed.answer.created.v1', { ...state, answer }))).toMatchObject([
      { event: 'answer:created', payload: { answer }, rooms: [channelRoom, postRoom] },
    ]);
    expect(
      feedEmissions(
        envelope('feed.answer.accepted.v1', { ...state, answer, previousAnswerId: null }),
      ),
    ).toMatchObject([{ event: 'answer:accepted', rooms: [channelRoom, postRoom] }]);
    expect(
      feedEmissions(
        envelope('feed.answer.accepted.v1', {
          ...state,
          answer: null,
          previousAnswerId: answer.id,
        }),
      ),
    ).toMatchObject([{ event: 'post:updated', payload: { post }, rooms: [postRoom] }]);
  });

  it('sends vote counts as volatile, with the post they belong to', () => {
    const [emission] = feedEmissions(
      envelope('feed.vote.changed.v1', {
        ...state,
        targetType: 'answer',
        targetId: answer.id,
        targetAuthorId: author.id,
        voterId: randomUUID(),
        value: 1,
        score: 3,
      }),
    );
    expect(emission).toMatchObject({
      event: 'vote:changed',
      payload: { targetType: 'answer', id: answer.id, postId: post.id, score: 3 },
      volatile: true,
    });
  });

  it('tells deletions with the channel, and nothing for membership or follows', () => {
    expect(
      feedEmissions(
        envelope('feed.post.deleted.v1', {
          postId: post.id,
          authorId: author.id,
          channel: state.channel,
          version: 3,
        }),
      ),
    ).toMatchObject([
      { event: 'post:deleted', payload: { id: post.id, channelId: post.channelId } },
    ]);
    expect(
      feedEmissions(
        envelope('feed.membership.changed.v1', {
          channel: state.channel,
          userId: author.id,
          member: true,
          memberCount: 2,
        }),
      ),
    ).toEqual([]);
  });

  it('carries excerpts of long bodies, so a socket message stays small', () => {
    const long = '字'.repeat(39_000);
    const big = { ...post, body: long, bodyHtml: `<p>${long}</p><script>x</script>` };
    const [created] = feedEmissions(envelope('feed.post.created.v1', { ...state, post: big }));
    const sent = (created?.payload as { post: Post & { truncated?: boolean } }).post;
    expect(sent.truncated).toBe(true);
    expect(sent.body).toHaveLength(2_000);
    expect(sent.bodyHtml).toMatch(/^<p>字{2000}…<\/p>$/);
    const [answered] = feedEmissions(
      envelope('feed.answer.created.v1', { ...state, answer: { ...answer, body: long } }),
    );
    expect(answered).toMatchObject({
      answerId: answer.id,
      payload: { answer: { truncated: true, body: long.slice(0, 2_000) } },
    });
    expect(Buffer.byteLength(JSON.stringify(answered?.payload))).toBeLessThan(20_000);
  });
});

describe('feedEmissions of hidden content', () => {
  const member = { id: randomUUID(), handle: 'bo', displayName: 'Bo', roles: ['member' as const] };
  const moderator = {
    ...member,
    id: randomUUID(),
    roles: ['member' as const, 'moderator' as const],
  };
  const admin = { ...member, id: randomUUID(), roles: ['member' as const, 'admin' as const] };
  const theAuthor = { ...author, roles: ['member' as const] };
  const hiddenPost = { ...post, hidden: true };
  /** Each emission's event, for one reader. */
  const seenBy = (reader: Parameters<typeof reaches>[1], event: FeedEvent) =>
    feedEmissions(event)
      .filter((e) => reaches(e.audience, reader))
      .map((e) => ({ event: e.event, rooms: e.rooms }));
  const hide = envelope('feed.post.updated.v1', {
    ...state,
    post: hiddenPost,
    changed: ['hidden'],
  });

  it('takes a post that was hidden away from everyone but its author and moderators', () => {
    for (const insider of [theAuthor, moderator, admin])
      expect(seenBy(insider, hide)).toEqual([
        { event: 'post:updated', rooms: [channelRoom, postRoom] },
      ]);
    expect(seenBy(member, hide)).toEqual([
      { event: 'post:deleted', rooms: [channelRoom, postRoom] },
    ]);
    const gone = feedEmissions(hide).find((e) => e.event === 'post:deleted');
    expect(gone?.payload).toEqual({ id: post.id, channelId: post.channelId });
  });

  it('sends others nothing about a hidden post after that: answers, edits, votes', () => {
    const later = [
      envelope('feed.answer.created.v1', { ...state, post: hiddenPost, answer }),
      envelope('feed.answer.accepted.v1', {
        ...state,
        post: hiddenPost,
        answer,
        previousAnswerId: null,
      }),
      envelope('feed.answer.updated.v1', { ...state, post: hiddenPost, answer }),
      envelope('feed.vote.changed.v1', {
        ...state,
        post: hiddenPost,
        targetType: 'post',
        targetId: post.id,
        targetAuthorId: author.id,
        voterId: moderator.id,
        value: 1,
        score: 1,
      }),
    ];
    for (const event of later) {
      expect(seenBy(member, event)).toEqual([]);
      expect(seenBy(theAuthor, event)).not.toEqual([]);
      expect(seenBy(moderator, event)).not.toEqual([]);
    }
    // A further edit of the hidden post repeats its removal for others, never its text.
    const edited = envelope('feed.post.updated.v1', {
      ...state,
      post: hiddenPost,
      changed: ['body'],
    });
    expect(seenBy(member, edited).map((e) => e.event)).toEqual(['post:deleted']);
  });

  it('brings a restored post back to others as a new post, and as an update to insiders', () => {
    const restore = envelope('feed.post.updated.v1', {
      ...state,
      post: { ...post, hidden: false },
      changed: ['hidden'],
    });
    expect(seenBy(member, restore).map((e) => e.event)).toEqual(['post:updated', 'post:created']);
    expect(seenBy(theAuthor, restore).map((e) => e.event)).toEqual(['post:updated']);
    expect(seenBy(moderator, restore).map((e) => e.event)).toEqual(['post:updated']);
    // An ordinary edit is no restoration.
    const edit = envelope('feed.post.updated.v1', { ...state, changed: ['title'] });
    expect(seenBy(member, edit).map((e) => e.event)).toEqual(['post:updated']);
  });

  it('shows a hidden answer only to its author and moderators; others learn the thread changed', () => {
    const answerer = { ...member, id: randomUUID() };
    const hiddenAnswer = { ...answer, hidden: true, author: { ...author, id: answerer.id } };
    const created = envelope('feed.answer.created.v1', { ...state, answer: hiddenAnswer });
    expect(seenBy(answerer, created).map((e) => e.event)).toEqual(['answer:created']);
    expect(seenBy(moderator, created).map((e) => e.event)).toEqual(['answer:created']);
    // The question's author is an outsider to someone else's hidden answer.
    expect(seenBy(theAuthor, created)).toEqual([{ event: 'post:updated', rooms: [postRoom] }]);
    expect(seenBy(member, created)).toEqual([{ event: 'post:updated', rooms: [postRoom] }]);
    // Hiding it travels as answer.updated: a post update everyone may get (no answer in it).
    const hidden = envelope('feed.answer.updated.v1', { ...state, answer: hiddenAnswer });
    expect(seenBy(member, hidden)).toEqual([{ event: 'post:updated', rooms: [postRoom] }]);
  });

  it('keeps a hidden answer in a hidden post for moderators only (two different authors)', () => {
    const hiddenAnswer = { ...answer, hidden: true, author: { ...author, id: member.id } };
    const event = envelope('feed.answer.created.v1', {
      ...state,
      post: hiddenPost,
      answer: hiddenAnswer,
    });
    expect(seenBy(member, event)).toEqual([]);
    expect(seenBy(theAuthor, event)).toEqual([]);
    expect(seenBy(moderator, event).map((e) => e.event)).toEqual(['answer:created']);
  });

  it('has no socket event for moderation records and review reminders', () => {
    expect(
      feedEmissions(
        envelope('feed.moderation.applied.v1', {
          action: 'hide',
          targetType: 'post',
          targetId: post.id,
          postId: post.id,
          authorId: author.id,
          flaggerIds: [],
          reason: 'spam',
          channel: state.channel,
        }),
      ),
    ).toEqual([]);
    expect(
      feedEmissions(
        envelope('feed.post.review_due.v1', {
          postId: post.id,
          ownerId: author.id,
          title: post.title,
          dueAt: now,
          channel: state.channel,
        }),
      ),
    ).toEqual([]);
  });
});
