import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStoredEvents } from '@outloud/bus';
import {
  checker,
  FeedEvents,
  type Channel,
  type FeedEventType,
  type FeedPage,
  type Post,
} from '@outloud/contracts';
import { eventually } from '@outloud/testkit';
import { apiWorld, type ApiWorld, type Person } from '../support/api-world.js';

describe('the feed', () => {
  let world: ApiWorld;
  let alice: Person;
  let bob: Person;
  let channel: Channel;

  beforeAll(async () => {
    world = await apiWorld();
    alice = await world.person();
    bob = await world.person();
    channel = (
      await alice.request<{ channel: Channel }>('POST', '/channels', {
        slug: 'feed-sorts',
        name: 'Feed sorts',
        visibility: 'public',
      })
    ).body.channel;
  });
  afterAll(async () => world?.[Symbol.asyncDispose]());

  const post = async (by: Person, title: string, kind = 'tip') =>
    (
      await by.request<{ post: Post }>('POST', '/posts', {
        channelId: channel.id,
        kind,
        title,
        body: `${title}.`,
      })
    ).body.post;

  const pageThrough = async (
    who: Person,
    query: string,
    limit: number,
    between?: () => Promise<void>,
  ) => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const response: { status: number; body: FeedPage } = await who.request<FeedPage>(
        'GET',
        `/feed?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(response.status).toBe(200);
      seen.push(...response.body.items.map((p) => p.id));
      cursor = response.body.nextCursor;
      await between?.();
    } while (cursor);
    return seen;
  };

  it('visits every post exactly once while new posts arrive', async () => {
    const existing: string[] = [];
    for (let i = 0; i < 23; i++) existing.push((await post(alice, `Existing ${i}`)).id);
    let added = 0;
    const seen = await pageThrough(bob, `channelId=${channel.id}`, 5, async () => {
      await post(alice, `Arrived meanwhile ${added++}`);
    });
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.filter((id) => existing.includes(id))).toEqual([...existing].reverse());
  });

  it('sorts top by helpful votes with time decay, paging with its own cursor', async () => {
    const ordinary = await post(alice, 'Ordinary tip');
    const loved = await post(alice, 'Much loved tip');
    const voters = await Promise.all(Array.from({ length: 5 }, () => world.person()));
    for (const voter of voters) await voter.request('PUT', `/posts/${loved.id}/vote`, { value: 1 });
    await bob.request('PUT', `/posts/${ordinary.id}/vote`, { value: 1 });
    const top = await pageThrough(bob, `channelId=${channel.id}&sort=top`, 4);
    expect(top[0]).toBe(loved.id);
    expect(new Set(top).size).toBe(top.length);
    const newCursor = (await bob.request<FeedPage>('GET', `/feed?channelId=${channel.id}&limit=1`))
      .body.nextCursor;
    expect(
      (await bob.request('GET', `/feed?channelId=${channel.id}&sort=top&cursor=${newCursor}`))
        .status,
    ).toBe(400);
  });

  it('lists unanswered questions oldest first', async () => {
    const older = await post(alice, 'Older open question?', 'question');
    const answered = await post(alice, 'Answered question?', 'question');
    const newer = await post(bob, 'Newer open question?', 'question');
    await bob.request('POST', `/posts/${answered.id}/answers`, { body: 'Here you go.' });
    const open = await pageThrough(bob, `channelId=${channel.id}&sort=unanswered`, 1);
    expect(open).toEqual([older.id, newer.id]);
  });

  it('filters by kind and author', async () => {
    const byBob = await bob.request<FeedPage>(
      'GET',
      `/feed?author=${bob.user.handle}&kind=question&limit=100`,
    );
    expect(byBob.body.items.length).toBeGreaterThan(0);
    expect(
      byBob.body.items.every((p) => p.author.id === bob.user.id && p.kind === 'question'),
    ).toBe(true);
    expect((await bob.request<FeedPage>('GET', '/feed?author=nobody_here')).body.items).toEqual([]);
  });

  it('publishes an event for every change, each valid against its contract', async () => {
    const question = await post(alice, 'Event coverage?', 'question');
    const reply = (
      await bob.request<{ answer: { id: string } }>('POST', `/posts/${question.id}/answers`, {
        body: 'Yes.',
      })
    ).body.answer;
    await alice.request('PATCH', `/posts/${question.id}`, { title: 'Event coverage, all of it?' });
    await alice.request('PUT', `/answers/${reply.id}/vote`, { value: 1 });
    await alice.request('POST', `/answers/${reply.id}/accept`);
    await bob.request('PATCH', `/answers/${reply.id}`, { body: 'Yes, all.' });
    await bob.request('PUT', '/follows', { targetType: 'tag', target: 'events' });
    await bob.request('POST', `/channels/${channel.id}/join`);
    await alice.request('PATCH', `/channels/${channel.id}`, { description: 'Sorted' });
    // Alice, the world's first person, is its admin and may moderate.
    const moderated = await alice.request('POST', '/moderation/actions', {
      targetType: 'answer',
      targetId: reply.id,
      action: 'hide',
      reason: 'Event coverage',
    });
    expect(moderated.status).toBe(200);
    await bob.request('DELETE', `/answers/${reply.id}`);
    await alice.request('DELETE', `/posts/${question.id}`);
    // A tip is due for review once its channel's period has passed.
    await post(alice, 'A tip to review', 'tip');
    const inTwoYears = new Date(Date.now() + 2 * 365 * 24 * 3600 * 1000);
    expect(await world.feed.sweepReviews(inTwoYears)).toBeGreaterThan(0);
    await world.feed.flushOutbox();

    const expected = Object.keys(FeedEvents) as FeedEventType[];
    const events = await eventually(
      async () => {
        const stored = (await readStoredEvents(
          world.nc,
          world.names,
          world.names.events('feed'),
        )) as { type: FeedEventType }[];
        const types = new Set(stored.map((e) => e.type));
        return expected.every((t) => types.has(t)) ? stored : undefined;
      },
      { what: 'one event of every type' },
    );
    for (const event of events) {
      const check = checker(FeedEvents[event.type].schema);
      expect({ type: event.type, issues: check.issues(event) }).toEqual({
        type: event.type,
        issues: [],
      });
    }
  });
});
