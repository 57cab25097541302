import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testMeili } from '@outloud/testkit';
import { contributionScore } from '../src/expertise/scoring.js';
import { makeAnswer, makePost, person, searchWorld, state, type SearchWorld } from './world.js';

const DAY = 86_400_000;
const PUBLIC = randomUUID();
const SECRET = randomUUID();
const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();

describe('expertise', () => {
  let world: SearchWorld;
  const asker = person('asker');
  const veteran = person('veteran'); // answered long ago, accepted
  const current = person('current'); // answered recently, accepted
  const helper = person('helper'); // recent plain answers
  const tipster = person('tipster'); // a recent tip with votes
  const insider = person('insider'); // only answers in a private channel

  const question = (tags: string[], days: number, channelId = PUBLIC) =>
    makePost(asker, {
      kind: 'question',
      tags,
      channelId,
      createdAt: ago(days),
      updatedAt: ago(days),
      title: `Question about ${tags[0]}`,
    });

  beforeAll(async () => {
    world = await searchWorld(testMeili());
    let version = 1;
    const answered = async (
      tags: string[],
      days: number,
      by: typeof veteran,
      accepted: boolean,
      channelId = PUBLIC,
      score = 0,
    ) => {
      const q = question(tags, days, channelId);
      await world.publish(
        'feed.post.created.v1',
        state(q, channelId === PUBLIC ? 'public' : 'private', version++),
        asker,
      );
      const answer = makeAnswer(q, by, {
        createdAt: ago(days),
        score,
        body: `${tags[0]} answer`,
        bodyHtml: `<p>Use ${tags[0]} probes wisely</p>`,
      });
      const withAnswer = { ...q, answerCount: 1, acceptedAnswerId: accepted ? answer.id : null };
      await world.publish(
        'feed.answer.created.v1',
        { ...state(withAnswer, channelId === PUBLIC ? 'public' : 'private', version++), answer },
        by,
      );
    };
    await answered(['kubernetes'], 400, veteran, true);
    await answered(['kubernetes'], 400, veteran, true);
    await answered(['kubernetes'], 2, current, true);
    await answered(['kubernetes'], 3, helper, false);
    await answered(['kubernetes'], 4, helper, false, PUBLIC, 1);
    for (let i = 0; i < 4; i++) await answered(['kubernetes'], 1, insider, true, SECRET);
    const tip = makePost(tipster, {
      kind: 'tip',
      tags: ['kubernetes', 'helm'],
      score: 2,
      channelId: PUBLIC,
      createdAt: ago(1),
      title: 'Helm chart testing tip',
    });
    await world.publish('feed.post.created.v1', state(tip, 'public', version++), tipster);
    await world.settle();
  });
  afterAll(async () => world?.[Symbol.asyncDispose]());

  it('ranks people by the documented formula: accepted, recent help first', async () => {
    const { items, topicTags } = await world.client.call('experts', {
      actor: asker,
      channelIds: [PUBLIC],
      query: { topic: 'kubernetes' },
    });
    expect(topicTags).toEqual(['kubernetes']);
    const expected = {
      current: contributionScore({ kind: 'answer', accepted: true, votes: 0, ageDays: 2 }),
      veteran: 2 * contributionScore({ kind: 'answer', accepted: true, votes: 0, ageDays: 400 }),
      helper:
        contributionScore({ kind: 'answer', votes: 0, ageDays: 3 }) +
        contributionScore({ kind: 'answer', votes: 1, ageDays: 4 }),
      tipster: contributionScore({ kind: 'tip', votes: 2, ageDays: 1 }),
    };
    const order = Object.entries(expected)
      .sort(([, a], [, b]) => b - a)
      .map(([handle]) => handle);
    expect(items.map((e) => e.user.handle)).toEqual(order);
    for (const item of items)
      expect(item.score).toBeCloseTo(expected[item.user.handle as keyof typeof expected], 1);
    expect(items.find((e) => e.user.handle === 'veteran')?.evidence).toMatchObject({
      answers: 2,
      acceptedAnswers: 2,
      tips: 0,
      helpfulVotes: 0,
    });
    expect(items.find((e) => e.user.handle === 'tipster')?.evidence).toMatchObject({
      tips: 1,
      helpfulVotes: 2,
      samplePostIds: [expect.any(String)],
      samplePosts: [{ id: expect.any(String), title: 'Helm chart testing tip' }],
    });
  });

  it('names sample posts by their titles, only those the asker may see', async () => {
    const mixer = person('mixer');
    const open = makePost(mixer, {
      kind: 'tip',
      tags: ['terraform'],
      score: 1,
      channelId: PUBLIC,
      title: 'Terraform state locking tip',
    });
    const hidden = makePost(mixer, {
      kind: 'tip',
      tags: ['terraform'],
      score: 5,
      channelId: SECRET,
      title: 'Terraform secrets in the vault',
    });
    await world.publish('feed.post.created.v1', state(open, 'public', 1), mixer);
    await world.publish('feed.post.created.v1', state(hidden, 'private', 1), mixer);
    await world.settle();
    const outside = await world.client.call('experts', {
      actor: asker,
      channelIds: [PUBLIC],
      query: { topic: 'terraform' },
    });
    expect(outside.items[0]?.evidence).toMatchObject({
      samplePostIds: [open.id],
      samplePosts: [{ id: open.id, title: 'Terraform state locking tip' }],
    });
    const inside = await world.client.call('experts', {
      actor: mixer,
      channelIds: [PUBLIC, SECRET],
      query: { topic: 'terraform' },
    });
    // Strongest first: the hidden tip has more helpful votes.
    expect(inside.items[0]?.evidence.samplePosts).toEqual([
      { id: hidden.id, title: 'Terraform secrets in the vault' },
      { id: open.id, title: 'Terraform state locking tip' },
    ]);
    expect(inside.items[0]?.evidence.samplePostIds).toEqual([hidden.id, open.id]);
  });

  it('counts only contributions the reader may see', async () => {
    const outside = await world.client.call('experts', {
      actor: asker,
      channelIds: [PUBLIC],
      query: { topic: 'kubernetes' },
    });
    expect(outside.items.map((e) => e.user.handle)).not.toContain('insider');
    const inside = await world.client.call('experts', {
      actor: insider,
      channelIds: [PUBLIC, SECRET],
      query: { topic: 'kubernetes' },
    });
    expect(inside.items[0]?.user.handle).toBe('insider');
  });

  it('reads free text as the tags of matching posts', async () => {
    const result = await world.client.call('experts', {
      actor: asker,
      channelIds: [PUBLIC],
      query: { topic: 'helm chart' },
    });
    expect(result.topicTags).toEqual(expect.arrayContaining(['helm']));
    expect(result.items.map((e) => e.user.handle)).toContain('tipster');
  });

  it('gives profile figures and top tags over what the reader may see', async () => {
    const outside = await world.client.call('userStats', {
      actor: asker,
      channelIds: [PUBLIC],
      userId: insider.id,
    });
    expect(outside.stats).toEqual({
      tips: 0,
      questions: 0,
      answers: 0,
      acceptedAnswers: 0,
      helpfulVotes: 0,
    });
    const own = await world.client.call('userStats', {
      actor: insider,
      channelIds: [PUBLIC, SECRET],
      userId: insider.id,
    });
    expect(own.stats).toMatchObject({ answers: 4, acceptedAnswers: 4 });
    const tipster_ = await world.client.call('userStats', {
      actor: asker,
      channelIds: [PUBLIC],
      userId: tipster.id,
    });
    expect(tipster_.stats).toMatchObject({ tips: 1, helpfulVotes: 2 });
    expect(tipster_.topTags.map((t) => t.tag).sort()).toEqual(['helm', 'kubernetes']);
    const askerStats = await world.client.call('userStats', {
      actor: asker,
      channelIds: [PUBLIC],
      userId: asker.id,
    });
    expect(askerStats.stats.questions).toBe(5);
  });

  it('finds answers by their text, and similar questions with answered ones first', async () => {
    const result = await world.client.call('search', {
      actor: asker,
      channelIds: [PUBLIC],
      query: { q: 'probes wisely' },
    });
    expect(result.hits.length).toBeGreaterThan(0);
    expect(result.hits[0]!.snippet).toContain('<mark>');
    const open = makePost(asker, {
      kind: 'question',
      title: 'Question about kubernetes networking',
      channelId: PUBLIC,
    });
    await world.publish('feed.post.created.v1', state(open, 'public', 1), asker);
    await world.settle();
    const similar = await world.client.call('similar', {
      actor: asker,
      channelIds: [PUBLIC],
      query: { title: 'question about kubernetes', limit: 20 },
    });
    expect(similar.items.length).toBeGreaterThan(1);
    expect(similar.items.at(-1)).toMatchObject({ id: open.id, answerCount: 0, accepted: false });
    expect(similar.items[0]).toMatchObject({ accepted: true });
  });
  it('keeps a post deleted when its delete arrives before its creation', async () => {
    const post = makePost(asker, {
      channelId: PUBLIC,
      title: 'Ephemeral wombat question',
      tags: ['wombat'],
    });
    await world.publish(
      'feed.post.deleted.v1',
      {
        postId: post.id,
        authorId: asker.id,
        channel: { id: PUBLIC, visibility: 'public' },
        version: 2,
      },
      asker,
    );
    await world.publish('feed.post.created.v1', state(post, 'public', 1), asker);
    await world.settle();
    const result = await world.client.call('search', {
      actor: asker,
      channelIds: [PUBLIC],
      query: { q: 'wombat' },
    });
    expect(result.hits).toEqual([]);
    const stats = await world.client.call('experts', {
      actor: asker,
      channelIds: [PUBLIC],
      query: { topic: 'wombat' },
    });
    expect(stats.items).toEqual([]);
  });
});
