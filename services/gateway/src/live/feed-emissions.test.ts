import { randomUUID } from 'node:crypto';
import type { Answer, FeedEvent, Post } from '@outloud/contracts';
import { describe, expect, it } from 'vitest';
import { feedEmissions } from './feed-emissions.js';

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
