import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStoredEvents } from '@outloud/bus';
import { PostCreatedV1, checker } from '@outloud/contracts';
import { eventually } from '@outloud/testkit';
import { sql } from 'kysely';
import { feedWorld, makeActor, privateChannel, type FeedWorld } from './world.js';

describe('feed posts', () => {
  let world: FeedWorld;
  const ada = makeActor();
  const bob = makeActor();

  beforeAll(async () => {
    world = await feedWorld();
  });
  afterAll(async () => {
    await world[Symbol.asyncDispose]();
  });

  const tip = (overrides: Record<string, unknown> = {}) => ({
    channelId: world.generalId,
    kind: 'tip' as const,
    title: 'Use git bisect',
    body: 'It finds the **bad commit** fast.\n\n<script>alert(1)</script>',
    tags: ['git', 'debugging'],
    ...overrides,
  });

  describe('createPost', () => {
    it('stores the post with sanitized HTML and returns it with its author', async () => {
      const { post } = await world.client.call('createPost', { actor: ada, input: tip() });
      expect(post).toMatchObject({
        channelId: world.generalId,
        kind: 'tip',
        title: 'Use git bisect',
        tags: ['git', 'debugging'],
        author: { id: ada.id, handle: ada.handle, displayName: ada.displayName },
        score: 0,
        answerCount: 0,
        acceptedAnswerId: null,
      });
      expect(post.bodyHtml).toContain('<strong>bad commit</strong>');
      expect(post.bodyHtml).not.toContain('script');
      const { post: read, answers } = await world.client.call('getPost', {
        actor: bob,
        id: post.id,
      });
      expect(read).toEqual(post);
      expect(answers).toEqual([]);
    });

    it('writes the post.created event to the outbox in the same transaction and publishes it', async () => {
      const { post } = await world.client.call('createPost', {
        actor: ada,
        input: tip({ title: 'Outbox check' }),
      });
      const row = await sql<{
        subject: string;
        payload: { type: string; data: { post: { id: string } } };
      }>`
        select subject, payload from feed.outbox where payload->'data'->'post'->>'id' = ${post.id}`.execute(
        world.db,
      );
      expect(row.rows).toHaveLength(1);
      expect(row.rows[0]!.subject).toBe(world.names.subject('evt.feed.post.created'));
      const event = await eventually(
        async () => {
          const events = await readStoredEvents(
            world.nc,
            world.names,
            world.names.subject('evt.feed.post.created'),
          );
          return (events as { data: { post: { id: string } } }[]).find(
            (e) => e.data.post.id === post.id,
          );
        },
        { what: 'the published event' },
      );
      expect(checker(PostCreatedV1).check(event)).toBe(true);
      expect(event).toMatchObject({
        type: 'feed.post.created.v1',
        actor: { id: ada.id },
        data: { channel: { visibility: 'public' } },
      });
    });

    it("records the channel's latest post even while another transaction holds the channel row", async () => {
      const lastPostAt = async () =>
        (
          await sql<{ at: Date | null }>`select last_post_at as at from feed.channels
            where id = ${world.generalId}`.execute(world.db)
        ).rows[0]!.at;
      let release!: () => void;
      let locked!: () => void;
      const holding = new Promise<void>((r) => (locked = r));
      const holder = world.db.transaction().execute(async (trx) => {
        await sql`select id from feed.channels where id = ${world.generalId} for no key update`.execute(
          trx,
        );
        locked();
        await new Promise<void>((r) => (release = r));
      });
      await holding;
      const creating = world.client.call('createPost', {
        actor: ada,
        input: tip({ title: 'Written while the channel row is busy' }),
      });
      // The post commits without waiting for the row; its activity is recorded once it is free.
      const stored = await eventually(
        async () =>
          (
            await sql<{ createdAt: Date }>`select created_at as "createdAt" from feed.posts
              where title = 'Written while the channel row is busy'`.execute(world.db)
          ).rows[0],
        { what: 'the post committed' },
      );
      release();
      await holder;
      const { post } = await creating;
      expect(post.createdAt).toBe(stored.createdAt.toISOString());
      expect((await lastPostAt())?.toISOString()).toBe(post.createdAt);
    });

    it('refuses an announcement from a member', async () => {
      await expect(
        world.client.call('createPost', { actor: ada, input: tip({ kind: 'announcement' }) }),
      ).rejects.toMatchObject({
        code: 'forbidden',
      });
    });

    it('rejects tags that break the pattern and titles over 200 characters, naming the field', async () => {
      await expect(
        world.client.call('createPost', { actor: ada, input: tip({ tags: ['Bad Tag'] }) }),
      ).rejects.toMatchObject({
        code: 'validation_failed',
      });
      const error = await world.client
        .call('createPost', { actor: ada, input: tip({ title: 'x'.repeat(201) }) })
        .catch((e: unknown) => e);
      expect(JSON.stringify((error as { details: unknown }).details)).toContain('title');
    });

    it('answers 404 for a channel the actor cannot see', async () => {
      const secret = await privateChannel(world, [bob]);
      await expect(
        world.client.call('createPost', { actor: ada, input: tip({ channelId: secret }) }),
      ).rejects.toMatchObject({
        code: 'channel_not_found',
      });
    });
  });

  describe('getPost', () => {
    it('hides posts in private channels from non-members with a 404', async () => {
      const secret = await privateChannel(world, [bob]);
      const { post } = await world.client.call('createPost', {
        actor: bob,
        input: tip({ channelId: secret }),
      });
      await expect(
        world.client.call('getPost', { actor: bob, id: post.id }),
      ).resolves.toMatchObject({ post: { id: post.id } });
      await expect(world.client.call('getPost', { actor: ada, id: post.id })).rejects.toMatchObject(
        { code: 'post_not_found' },
      );
    });
  });

  describe('listFeed', () => {
    it('pages newest first with a keyset cursor, without duplicates or gaps', async () => {
      const carol = makeActor();
      const created: string[] = [];
      for (let i = 0; i < 7; i++) {
        created.push(
          (
            await world.client.call('createPost', {
              actor: carol,
              input: tip({ title: `Post ${i}` }),
            })
          ).post.id,
        );
      }
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await world.client.call('listFeed', {
          actor: carol,
          query: { author: carol.handle, limit: 3, cursor },
        });
        expect(page.items.length).toBeLessThanOrEqual(3);
        seen.push(...page.items.map((p) => p.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(seen).toEqual([...created].reverse());
    });

    it('filters by channel, tag and kind, and never shows private posts to outsiders', async () => {
      const dave = makeActor();
      const secret = await privateChannel(world, [dave]);
      await world.client.call('createPost', {
        actor: dave,
        input: tip({ channelId: secret, tags: ['hidden'] }),
      });
      const question = await world.client.call('createPost', {
        actor: dave,
        input: tip({ kind: 'question', title: 'How to rebase?', tags: ['hidden', 'rebase'] }),
      });
      const byTag = await world.client.call('listFeed', { actor: ada, query: { tag: 'hidden' } });
      expect(byTag.items.map((p) => p.id)).toEqual([question.post.id]);
      const byKind = await world.client.call('listFeed', {
        actor: ada,
        query: { kind: 'question', author: dave.handle },
      });
      expect(byKind.items.map((p) => p.id)).toEqual([question.post.id]);
      const insider = await world.client.call('listFeed', {
        actor: dave,
        query: { tag: 'hidden' },
      });
      expect(insider.items).toHaveLength(2);
      await expect(
        world.client.call('listFeed', { actor: ada, query: { channelId: secret } }),
      ).rejects.toMatchObject({ code: 'channel_not_found' });
    });

    it('leads the first page with pinned announcements, then pages the rest without them', async () => {
      const lead = makeActor({ roles: ['member', 'admin'] });
      const room = await privateChannel(world, [lead]);
      const inRoom = (overrides: Record<string, unknown>) =>
        world.client.call('createPost', {
          actor: lead,
          input: tip({ channelId: room, ...overrides }),
        });
      const pinnedUntil = new Date(Date.now() + 86_400_000).toISOString();
      const older = await inRoom({ kind: 'announcement', title: 'Older pin', pinnedUntil });
      const plain: string[] = [];
      for (let i = 0; i < 4; i++) plain.push((await inRoom({ title: `Plain ${i}` })).post.id);
      const newer = await inRoom({ kind: 'announcement', title: 'Newer pin', pinnedUntil });

      const first = await world.client.call('listFeed', {
        actor: lead,
        query: { channelId: room, limit: 3 },
      });
      expect(first.items.map((p) => p.id)).toEqual([newer.post.id, older.post.id, plain[3]]);
      const seen = first.items.map((p) => p.id);
      let cursor = first.nextCursor ?? undefined;
      while (cursor) {
        const page = await world.client.call('listFeed', {
          actor: lead,
          query: { channelId: room, limit: 3, cursor },
        });
        seen.push(...page.items.map((p) => p.id));
        cursor = page.nextCursor ?? undefined;
      }
      expect(seen).toEqual([newer.post.id, older.post.id, ...[...plain].reverse()]);
    });

    it('rejects a forged cursor', async () => {
      await expect(
        world.client.call('listFeed', { actor: ada, query: { cursor: 'bm9wZQ' } }),
      ).rejects.toMatchObject({
        code: 'validation_failed',
      });
    });
  });

  describe('channels', () => {
    it('lists the general channel and only the private channels the actor belongs to', async () => {
      const erin = makeActor();
      const secret = await privateChannel(world, [erin]);
      const forErin = await world.client.call('listChannels', { actor: erin });
      expect(forErin.items.map((c) => c.id)).toEqual(
        expect.arrayContaining([world.generalId, secret]),
      );
      expect(forErin.items.find((c) => c.id === secret)).toMatchObject({
        visibility: 'private',
        memberCount: 1,
      });
      const forAda = await world.client.call('listChannels', { actor: ada });
      expect(forAda.items.map((c) => c.id)).not.toContain(secret);
      expect(forAda.items.find((c) => c.slug === 'general')).toMatchObject({
        visibility: 'public',
      });
      const ids = await world.client.call('accessibleChannels', { actor: ada });
      expect(ids.channelIds).toContain(world.generalId);
      expect(ids.channelIds).not.toContain(secret);
    });
  });
});
