import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNREAD_COUNT_MAX, type Actor, type DirectoryPage } from '@outloud/contracts';
import { randomUUID } from 'node:crypto';
import { feedWorld, makeActor, privateChannel, type FeedWorld } from './world.js';

describe('channel lists', () => {
  let world: FeedWorld;
  // Every call moves time on by a second, so "after the last read" is never a tie.
  let tick = Date.UTC(2026, 11, 7, 9);
  const clock = () => new Date((tick += 1000));

  beforeAll(async () => {
    world = await feedWorld({ clock });
  });
  afterAll(async () => {
    await world[Symbol.asyncDispose]();
  });

  const word = () => randomUUID().slice(0, 8);
  const createChannel = async (
    owner: Actor,
    input: { name?: string; description?: string } = {},
  ) => {
    const slug = `c-${word()}`;
    const { channel } = await world.client.call('createChannel', {
      actor: owner,
      input: {
        slug,
        name: input.name ?? `Channel ${slug}`,
        description: input.description ?? '',
        visibility: 'public',
      },
    });
    return channel;
  };
  const post = async (actor: Actor, channelId: string, title = 'A tip') => {
    const { post } = await world.client.call('createPost', {
      actor,
      input: { channelId, kind: 'tip', title, body: 'Body text', tags: [] },
    });
    return post;
  };
  const mine = async (actor: Actor) => (await world.client.call('joinedChannels', { actor })).items;

  describe('joinedChannels', () => {
    it('lists only the channels joined, starred first then by name, with unread counts', async () => {
      const ada = makeActor();
      const bob = makeActor();
      const zebra = await createChannel(bob, { name: `Zebra ${word()}` });
      const alpha = await createChannel(bob, { name: `Alpha ${word()}` });
      const notJoined = await createChannel(bob);
      await world.client.call('joinChannel', { actor: ada, id: zebra.id });
      await world.client.call('joinChannel', { actor: ada, id: alpha.id });

      await post(bob, zebra.id);
      await post(bob, zebra.id);
      await post(ada, zebra.id); // her own post is not unread
      await post(bob, notJoined.id);

      let items = await mine(ada);
      expect(items.map((c) => c.id)).toEqual([alpha.id, zebra.id]);
      expect(items.find((c) => c.id === zebra.id)).toMatchObject({
        unreadCount: 2,
        starred: false,
        isMember: true,
        memberCount: 2,
      });
      expect(items.find((c) => c.id === zebra.id)?.lastPostAt).not.toBeNull();
      expect(items.find((c) => c.id === alpha.id)).toMatchObject({
        unreadCount: 0,
        lastPostAt: null,
      });

      await world.client.call('setChannelStar', { actor: ada, id: zebra.id, on: true });
      items = await mine(ada);
      expect(items.map((c) => [c.id, c.starred])).toEqual([
        [zebra.id, true],
        [alpha.id, false],
      ]);

      await world.client.call('setChannelStar', { actor: ada, id: zebra.id, on: false });
      expect((await mine(ada)).map((c) => c.id)).toEqual([alpha.id, zebra.id]);
    });

    it('starts a channel read on joining: older posts are not unread', async () => {
      const ada = makeActor();
      const bob = makeActor();
      const channel = await createChannel(bob);
      await post(bob, channel.id);
      await post(bob, channel.id);
      await world.client.call('joinChannel', { actor: ada, id: channel.id });
      expect((await mine(ada)).find((c) => c.id === channel.id)?.unreadCount).toBe(0);
      await post(bob, channel.id);
      expect((await mine(ada)).find((c) => c.id === channel.id)?.unreadCount).toBe(1);
    });

    it('does not count deleted posts', async () => {
      const ada = makeActor();
      const bob = makeActor();
      const channel = await createChannel(bob);
      await world.client.call('joinChannel', { actor: ada, id: channel.id });
      const gone = await post(bob, channel.id);
      await post(bob, channel.id);
      await world.client.call('deletePost', { actor: bob, id: gone.id });
      expect((await mine(ada)).find((c) => c.id === channel.id)?.unreadCount).toBe(1);
    });

    it(`counts at most ${UNREAD_COUNT_MAX} unread posts`, async () => {
      const ada = makeActor();
      const bob = makeActor();
      const channel = await createChannel(bob);
      await world.client.call('joinChannel', { actor: ada, id: channel.id });
      await world.db
        .insertInto('feed.posts')
        .values(
          Array.from({ length: UNREAD_COUNT_MAX + 5 }, () => {
            const at = clock();
            return {
              id: randomUUID(),
              channelId: channel.id,
              kind: 'tip' as const,
              title: 'Bulk',
              body: 'b',
              bodyHtml: '<p>b</p>',
              tags: [],
              mentions: [],
              authorId: bob.id,
              acceptedAnswerId: null,
              createdAt: at,
              updatedAt: at,
              deletedAt: null,
              pinnedUntil: null,
            };
          }),
        )
        .execute();
      expect((await mine(ada)).find((c) => c.id === channel.id)?.unreadCount).toBe(
        UNREAD_COUNT_MAX,
      );
    });
  });

  describe('markChannelRead', () => {
    it('clears the count up to now, or up to a given post', async () => {
      const ada = makeActor();
      const bob = makeActor();
      const channel = await createChannel(bob);
      await world.client.call('joinChannel', { actor: ada, id: channel.id });
      const first = await post(bob, channel.id);
      await post(bob, channel.id);
      await post(bob, channel.id);

      await world.client.call('markChannelRead', { actor: ada, id: channel.id, postId: first.id });
      expect((await mine(ada)).find((c) => c.id === channel.id)?.unreadCount).toBe(2);

      await world.client.call('markChannelRead', { actor: ada, id: channel.id });
      expect((await mine(ada)).find((c) => c.id === channel.id)?.unreadCount).toBe(0);

      // An older mark (a slow tab) does not bring read posts back.
      await world.client.call('markChannelRead', { actor: ada, id: channel.id, postId: first.id });
      expect((await mine(ada)).find((c) => c.id === channel.id)?.unreadCount).toBe(0);
    });

    it('refuses a post of another channel and a private channel of others', async () => {
      const ada = makeActor();
      const bob = makeActor();
      const channel = await createChannel(bob);
      const elsewhere = await post(bob, world.generalId);
      await expect(
        world.client.call('markChannelRead', { actor: bob, id: channel.id, postId: elsewhere.id }),
      ).rejects.toMatchObject({ code: 'post_not_found' });
      const secret = await privateChannel(world, [bob]);
      await expect(
        world.client.call('markChannelRead', { actor: ada, id: secret }),
      ).rejects.toMatchObject({ code: 'channel_not_found' });
    });
  });

  describe('setChannelStar', () => {
    it('asks to join first', async () => {
      const ada = makeActor();
      const channel = await createChannel(makeActor());
      await expect(
        world.client.call('setChannelStar', { actor: ada, id: channel.id, on: true }),
      ).rejects.toMatchObject({ code: 'conflict' });
    });
  });

  describe('channelDirectory', () => {
    const directory = (
      actor: Actor,
      query: Parameters<typeof world.client.call<'channelDirectory'>>[1]['query'],
    ) => world.client.call('channelDirectory', { actor, query });

    it('finds channels by slug, name or description, case-insensitively, with wildcards literal', async () => {
      const ada = makeActor();
      const tag = word();
      const byName = await createChannel(ada, { name: `Kubernetes ${tag}` });
      const byDescription = await createChannel(ada, {
        description: `All about KUBERNETES ${tag}`,
      });
      const percent = await createChannel(ada, { name: `100% ${tag}` });
      const found = await directory(ada, { q: `kubernetes ${tag}`, sort: 'name' });
      expect(found.items.map((c) => c.id).sort()).toEqual([byName.id, byDescription.id].sort());
      const bySlug = await directory(ada, { q: byName.slug.toUpperCase() });
      expect(bySlug.items.map((c) => c.id)).toEqual([byName.id]);
      const literal = await directory(ada, { q: `0% ${tag}` });
      expect(literal.items.map((c) => c.id)).toEqual([percent.id]);
      expect((await directory(ada, { q: `_${tag}` })).items).toEqual([]);
    });

    it('shows private channels only to their members, and marks membership', async () => {
      const ada = makeActor();
      const bob = makeActor();
      const secret = await privateChannel(world, [bob]);
      const seenByBob = await collect(bob, { sort: 'name' });
      expect(seenByBob.find((c) => c.id === secret)).toMatchObject({
        isMember: true,
        visibility: 'private',
        memberCount: 1,
      });
      const seenByAda = await collect(ada, { sort: 'name' });
      expect(seenByAda.some((c) => c.id === secret)).toBe(false);
      expect(seenByAda.find((c) => c.id === world.generalId)?.isMember).toBe(false);
    });

    it('sorts by activity, members and name, and pages through every channel once', async () => {
      const ada = makeActor();
      const tag = word();
      const quiet = await createChannel(ada, { name: `b-quiet ${tag}` });
      const busy = await createChannel(ada, { name: `a-busy ${tag}` });
      const crowded = await createChannel(ada, { name: `c-crowded ${tag}` });
      await post(ada, quiet.id);
      await post(ada, busy.id);
      for (const person of [makeActor(), makeActor()])
        await world.client.call('joinChannel', { actor: person, id: crowded.id });

      const ids = async (sort: 'activity' | 'members' | 'name') =>
        (await collect(ada, { q: tag, sort, limit: 1 })).map((c) => c.id);
      // Activity: the busy one posted last; the crowded one, created last, has no post.
      expect(await ids('activity')).toEqual([busy.id, quiet.id, crowded.id]);
      expect(await ids('members')).toEqual([crowded.id, busy.id, quiet.id]);
      expect(await ids('name')).toEqual([busy.id, quiet.id, crowded.id]);

      const all = await collect(ada, { sort: 'activity', limit: 2 });
      expect(new Set(all.map((c) => c.id)).size).toBe(all.length);
      expect(all.map((c) => c.id)).toEqual(
        expect.arrayContaining([world.generalId, quiet.id, busy.id, crowded.id]),
      );
    });

    it('refuses a cursor made for another sort', async () => {
      const ada = makeActor();
      await createChannel(ada);
      await createChannel(ada);
      const first = await directory(ada, { sort: 'name', limit: 1 });
      expect(first.nextCursor).not.toBeNull();
      await expect(
        directory(ada, { sort: 'members', cursor: first.nextCursor! }),
      ).rejects.toMatchObject({ code: 'validation_failed' });
    });

    /** Every page of a directory listing, following `nextCursor`. */
    async function collect(
      actor: Actor,
      query: { q?: string; sort: 'activity' | 'members' | 'name'; limit?: number },
    ): Promise<DirectoryPage['items']> {
      const items: DirectoryPage['items'] = [];
      let cursor: string | undefined;
      for (let pages = 0; pages < 200; pages++) {
        const page = await directory(actor, { ...query, ...(cursor ? { cursor } : {}) });
        items.push(...page.items);
        if (page.nextCursor === null) return items;
        cursor = page.nextCursor;
      }
      throw new Error('the directory never ended');
    }
  });
});
