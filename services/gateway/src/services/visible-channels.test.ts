import { describe, expect, it } from 'vitest';
import type { Actor } from '@outloud/contracts';
import type { ServiceClients } from './clients.js';
import { createVisibleChannels } from './visible-channels.js';

const actor: Actor = {
  id: '0190a0a0-0000-7000-8000-000000000001',
  handle: 'ada',
  displayName: 'Ada',
  roles: ['member'],
};

function fakeFeed(answers: string[][]) {
  let calls = 0;
  const services = {
    feed: { call: async () => ({ channelIds: answers[Math.min(calls++, answers.length - 1)]! }) },
  } as unknown as ServiceClients;
  return { services, calls: () => calls };
}

describe('visible channels cache', () => {
  it('answers repeated questions from the cache', async () => {
    const feed = fakeFeed([['a']]);
    const visible = createVisibleChannels(feed.services);
    expect(await visible.of(actor)).toEqual(['a']);
    expect(await visible.of(actor)).toEqual(['a']);
    expect(feed.calls()).toBe(1);
  });

  it('asks again after any membership or channel change', async () => {
    const feed = fakeFeed([['a', 'secret'], ['a']]);
    const visible = createVisibleChannels(feed.services);
    expect(await visible.of(actor)).toEqual(['a', 'secret']);
    visible.invalidate();
    expect(await visible.of(actor)).toEqual(['a']);
  });

  it('does not keep an answer fetched while a change happened', async () => {
    const answers = [['a', 'secret'], ['a']];
    let calls = 0;
    let resolveFirst: ((value: { channelIds: string[] }) => void) | undefined;
    const services = {
      feed: {
        call: () =>
          calls++ === 0
            ? new Promise<{ channelIds: string[] }>((r) => (resolveFirst = r))
            : Promise.resolve({ channelIds: answers[1]! }),
      },
    } as unknown as ServiceClients;
    const visible = createVisibleChannels(services);
    const pending = visible.of(actor);
    visible.invalidate();
    resolveFirst!({ channelIds: answers[0]! });
    expect(await pending).toEqual(['a', 'secret']);
    expect(await visible.of(actor)).toEqual(['a']);
  });

  it('expires entries', async () => {
    const feed = fakeFeed([['a'], ['b']]);
    const visible = createVisibleChannels(feed.services, { ttlMs: 0 });
    expect(await visible.of(actor)).toEqual(['a']);
    expect(await visible.of(actor)).toEqual(['b']);
  });
});

describe('visible channels lookups', () => {
  it('shares one request among simultaneous questions for one person', async () => {
    let calls = 0;
    let resolve: ((value: { channelIds: string[] }) => void) | undefined;
    const services = {
      feed: {
        call: () => {
          calls++;
          return new Promise<{ channelIds: string[] }>((r) => (resolve = r));
        },
      },
    } as unknown as ServiceClients;
    const visible = createVisibleChannels(services);
    const answers = Promise.all([visible.of(actor), visible.of(actor), visible.of(actor)]);
    resolve!({ channelIds: ['a'] });
    expect(await answers).toEqual([['a'], ['a'], ['a']]);
    expect(calls).toBe(1);
  });

  it('keeps at most maxEntries people, dropping the least recently asked', async () => {
    const feed = fakeFeed([['a']]);
    const visible = createVisibleChannels(feed.services, { maxEntries: 2 });
    const people = [1, 2, 3].map((n) => ({ ...actor, id: `${actor.id.slice(0, -1)}${n}` }));
    for (const person of people) await visible.of(person);
    await visible.of(people[2]!);
    await visible.of(people[1]!);
    expect(feed.calls()).toBe(3);
    await visible.of(people[0]!);
    expect(feed.calls()).toBe(4);
  });
});
