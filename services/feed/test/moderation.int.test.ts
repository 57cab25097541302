import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checker,
  ModerationAppliedV1,
  type Actor,
  type Post,
  type QueuePage,
} from '@outloud/contracts';
import { sql } from 'kysely';
import { feedWorld, makeActor, privateChannel, type FeedWorld } from './world.js';

describe('feed moderation', () => {
  let world: FeedWorld;
  // Every call moves the clock on by a second, so "most recent first" is never a tie.
  let now = Date.parse('2026-12-08T09:00:00Z');
  const clock = () => new Date((now += 1_000));
  const author = makeActor();
  const mod = makeActor({ roles: ['member', 'moderator'] });
  const admin = makeActor({ roles: ['admin'] });
  const member = makeActor();
  const flaggers = [makeActor(), makeActor(), makeActor()];

  beforeAll(async () => {
    world = await feedWorld({ clock });
  });
  afterAll(async () => {
    await world[Symbol.asyncDispose]();
  });

  const ask = async (by: Actor = author, title = 'How do I rotate keys?'): Promise<Post> =>
    (
      await world.client.call('createPost', {
        actor: by,
        input: { channelId: world.generalId, kind: 'question', title, body: 'Spam spam.' },
      })
    ).post;
  const answer = async (postId: string, by: Actor = author) =>
    (
      await world.client.call('createAnswer', {
        actor: by,
        postId,
        input: { body: 'Buy cheap watches at example.test' },
      })
    ).answer;
  const flag = (by: Actor, targetType: 'post' | 'answer', targetId: string) =>
    world.client.call('flag', {
      actor: by,
      input: { targetType, targetId, reason: 'spam', note: 'Looks like an ad' },
    });
  const moderate = (
    by: Actor,
    targetType: 'post' | 'answer',
    targetId: string,
    action: 'hide' | 'restore' | 'dismiss' | 'lock' | 'unlock' | 'delete',
    reason?: string,
  ) =>
    world.client.call('moderate', {
      actor: by,
      input: { targetType, targetId, action, ...(reason ? { reason } : {}) },
    });

  /** The outbox events of a type about a target, oldest first. */
  const events = async (type: string, match: (data: Record<string, unknown>) => boolean) => {
    const { rows } = await sql<{ payload: { type: string; data: Record<string, unknown> } }>`
      select payload from feed.outbox where payload->>'type' = ${type} order by id`.execute(
      world.db,
    );
    return rows.map((r) => r.payload).filter((p) => match(p.data));
  };
  const aboutPost = (postId: string) => (data: Record<string, unknown>) =>
    (data.post as { id?: string } | undefined)?.id === postId || data.postId === postId;
  const flagRows = (targetId: string) =>
    world.db
      .selectFrom('feed.flags')
      .select(['reporterId', 'resolvedAt', 'resolvedBy', 'resolution'])
      .where('targetId', '=', targetId)
      .execute();

  describe('flag', () => {
    it('records a flag with its reporter, reason and note', async () => {
      const post = await ask();
      const { flag: created } = await flag(member, 'post', post.id);
      expect(created).toMatchObject({
        targetType: 'post',
        targetId: post.id,
        postId: post.id,
        reason: 'spam',
        note: 'Looks like an ad',
        reporter: { id: member.id, handle: member.handle },
        status: 'open',
      });
    });

    it('refuses flagging your own content', async () => {
      const post = await ask();
      const own = await answer(post.id, member);
      await expect(flag(author, 'post', post.id)).rejects.toMatchObject({
        code: 'cannot_flag_own',
      });
      await expect(flag(member, 'answer', own.id)).rejects.toMatchObject({
        code: 'cannot_flag_own',
      });
    });

    it('keeps one open flag per person and target, and allows a new one once resolved', async () => {
      const post = await ask();
      await flag(member, 'post', post.id);
      await expect(flag(member, 'post', post.id)).rejects.toMatchObject({
        code: 'already_flagged',
      });
      await moderate(mod, 'post', post.id, 'dismiss');
      await expect(flag(member, 'post', post.id)).resolves.toMatchObject({
        flag: { status: 'open' },
      });
      expect(await flagRows(post.id)).toHaveLength(2);
    });

    it('answers 404 for content the flagger cannot see or that is gone', async () => {
      const secret = await privateChannel(world, [author]);
      const { post: hiddenAway } = await world.client.call('createPost', {
        actor: author,
        input: { channelId: secret, kind: 'tip', title: 'Members only', body: 'Shh.' },
      });
      await expect(flag(member, 'post', hiddenAway.id)).rejects.toMatchObject({
        code: 'post_not_found',
      });
      const post = await ask();
      const gone = await answer(post.id);
      await world.client.call('deleteAnswer', { actor: author, id: gone.id });
      await expect(flag(member, 'answer', gone.id)).rejects.toMatchObject({ code: 'not_found' });
      await moderate(mod, 'post', post.id, 'hide');
      await expect(flag(member, 'post', post.id)).rejects.toMatchObject({
        code: 'post_not_found',
      });
      await expect(flag(member, 'post', crypto.randomUUID())).rejects.toMatchObject({
        code: 'post_not_found',
      });
    });

    it('hides a post once three different people flagged it, with the post.updated event', async () => {
      const post = await ask();
      await flag(flaggers[0]!, 'post', post.id);
      await flag(flaggers[1]!, 'post', post.id);
      expect((await world.client.call('getPost', { actor: member, id: post.id })).post.id).toBe(
        post.id,
      );
      await flag(flaggers[2]!, 'post', post.id);

      const row = await world.db
        .selectFrom('feed.posts')
        .select(['hiddenAt', 'hiddenBy'])
        .where('id', '=', post.id)
        .executeTakeFirstOrThrow();
      expect(row.hiddenAt).toBeInstanceOf(Date);
      expect(row.hiddenBy).toBeNull();
      const [updated] = await events('feed.post.updated.v1', aboutPost(post.id));
      expect(updated).toMatchObject({
        data: { changed: ['hidden'], post: { id: post.id, hidden: true } },
      });
      await expect(
        world.client.call('getPost', { actor: member, id: post.id }),
      ).rejects.toMatchObject({ code: 'post_not_found' });
      for (const insider of [author, mod]) {
        const read = await world.client.call('getPost', { actor: insider, id: post.id });
        expect(read.post.hidden).toBe(true);
      }
    });

    it('hides an answer once three people flagged it, leaving the thread and its other answers', async () => {
      const post = await ask();
      const bad = await answer(post.id, member);
      const good = await answer(post.id);
      for (const by of flaggers) await flag(by, 'answer', bad.id);

      const [updated] = await events(
        'feed.answer.updated.v1',
        (data) => (data.answer as { id: string }).id === bad.id,
      );
      expect(updated).toMatchObject({ data: { answer: { id: bad.id, hidden: true } } });
      const seenBy = async (actor: Actor) => {
        const thread = await world.client.call('getPost', { actor, id: post.id });
        const page = await world.client.call('listAnswers', { actor, postId: post.id, query: {} });
        expect(page.items.map((a) => a.id)).toEqual(thread.answers.map((a) => a.id));
        return thread.answers;
      };
      expect((await seenBy(flaggers[0]!)).map((a) => a.id)).toEqual([good.id]);
      expect(await seenBy(member)).toContainEqual(
        expect.objectContaining({ id: bad.id, hidden: true }),
      );
      expect((await seenBy(mod)).map((a) => a.id).sort()).toEqual([bad.id, good.id].sort());
      await expect(
        world.client.call('voteAnswer', { actor: author, id: bad.id, input: { value: 1 } }),
      ).rejects.toMatchObject({ code: 'not_found' });
    });
  });

  describe('moderate', () => {
    it('is for moderators and admins only', async () => {
      const post = await ask();
      await expect(moderate(member, 'post', post.id, 'hide')).rejects.toMatchObject({
        code: 'forbidden',
      });
      await expect(
        world.client.call('moderationQueue', { actor: member, query: {} }),
      ).rejects.toMatchObject({ code: 'forbidden' });
      await expect(moderate(admin, 'post', post.id, 'hide')).resolves.toMatchObject({
        target: { id: post.id, hidden: true },
      });
      await expect(
        world.client.call('moderationQueue', { actor: admin, query: {} }),
      ).resolves.toHaveProperty('items');
    });

    it('hides on sight and restores, resolving the flags and telling who flagged', async () => {
      const post = await ask();
      await flag(flaggers[0]!, 'post', post.id);
      await flag(flaggers[1]!, 'post', post.id);

      const hidden = await moderate(mod, 'post', post.id, 'hide', 'Advertising');
      expect(hidden).toMatchObject({
        resolvedFlags: 2,
        target: {
          type: 'post',
          id: post.id,
          postId: post.id,
          title: post.title,
          kind: 'question',
          excerpt: 'Spam spam.',
          author: { id: author.id },
          channel: { id: world.generalId, slug: 'general' },
          hidden: true,
          locked: false,
          deleted: false,
        },
      });
      const row = await world.db
        .selectFrom('feed.posts')
        .select(['hiddenBy'])
        .where('id', '=', post.id)
        .executeTakeFirstOrThrow();
      expect(row.hiddenBy).toBe(mod.id);
      const flags = await flagRows(post.id);
      expect(flags).toHaveLength(2);
      for (const f of flags)
        expect(f).toMatchObject({
          resolvedBy: mod.id,
          resolution: 'hide',
          resolvedAt: expect.any(Date),
        });

      const [applied] = await events('feed.moderation.applied.v1', aboutPost(post.id));
      expect(checker(ModerationAppliedV1).check(applied)).toBe(true);
      expect(applied).toMatchObject({
        actor: { id: mod.id },
        data: {
          action: 'hide',
          targetType: 'post',
          targetId: post.id,
          authorId: author.id,
          reason: 'Advertising',
          channel: { id: world.generalId, visibility: 'public' },
        },
      });
      expect((applied!.data.flaggerIds as string[]).sort()).toEqual(
        [flaggers[0]!.id, flaggers[1]!.id].sort(),
      );

      const restored = await moderate(mod, 'post', post.id, 'restore', 'Not an ad after all');
      expect(restored).toMatchObject({ resolvedFlags: 0, target: { hidden: false } });
      const updates = await events('feed.post.updated.v1', aboutPost(post.id));
      expect(updates.map((e) => e.data.changed)).toEqual([['hidden'], ['hidden']]);
      const read = await world.client.call('getPost', { actor: member, id: post.id });
      expect(read.post.hidden).toBeUndefined();
    });

    it('dismisses: flags resolved, content unchanged, no content event', async () => {
      const post = await ask();
      await flag(flaggers[0]!, 'post', post.id);
      const result = await moderate(mod, 'post', post.id, 'dismiss');
      expect(result).toMatchObject({ resolvedFlags: 1, target: { hidden: false, locked: false } });
      expect(await events('feed.post.updated.v1', aboutPost(post.id))).toEqual([]);
      expect(await events('feed.moderation.applied.v1', aboutPost(post.id))).toHaveLength(1);
      expect((await flagRows(post.id))[0]).toMatchObject({ resolution: 'dismiss' });
    });

    it('locks and unlocks threads, never answers', async () => {
      const post = await ask();
      const reply = await answer(post.id, member);
      expect((await moderate(mod, 'post', post.id, 'lock')).target.locked).toBe(true);
      expect((await world.client.call('getPost', { actor: member, id: post.id })).post.locked).toBe(
        true,
      );
      expect((await moderate(mod, 'post', post.id, 'unlock')).target.locked).toBe(false);
      const changed = (await events('feed.post.updated.v1', aboutPost(post.id))).map(
        (e) => e.data.changed,
      );
      expect(changed).toEqual([['locked'], ['locked']]);
      const refused = await moderate(mod, 'answer', reply.id, 'lock').catch((e: unknown) => e);
      expect(refused).toMatchObject({
        code: 'validation_failed',
        details: [expect.objectContaining({ field: 'action' })],
      });
    });

    it('deletes posts and answers through the usual deleted events', async () => {
      const post = await ask();
      const reply = await answer(post.id, member);
      await flag(flaggers[0]!, 'answer', reply.id);
      const removedAnswer = await moderate(mod, 'answer', reply.id, 'delete', 'Spam');
      expect(removedAnswer).toMatchObject({ resolvedFlags: 1, target: { deleted: true } });
      const [answerDeleted] = await events('feed.answer.deleted.v1', aboutPost(post.id));
      expect(answerDeleted).toMatchObject({
        actor: { id: mod.id },
        data: { answerId: reply.id, authorId: member.id, post: { answerCount: 0 } },
      });
      const removedPost = await moderate(mod, 'post', post.id, 'delete');
      expect(removedPost.target.deleted).toBe(true);
      const [postDeleted] = await events('feed.post.deleted.v1', aboutPost(post.id));
      expect(postDeleted).toMatchObject({ data: { postId: post.id, authorId: author.id } });
      await expect(world.client.call('getPost', { actor: mod, id: post.id })).rejects.toMatchObject(
        { code: 'post_not_found' },
      );
      await expect(moderate(mod, 'post', post.id, 'hide')).rejects.toMatchObject({
        code: 'post_not_found',
      });
      await expect(moderate(mod, 'answer', crypto.randomUUID(), 'hide')).rejects.toMatchObject({
        code: 'not_found',
      });
    });

    it("takes a hidden answer out of its question's answer count, so the question reads as unanswered", async () => {
      const post = await ask(author, 'Only spam so far');
      const spam = await answer(post.id, member);
      const countFor = async (reader: Actor) =>
        (await world.client.call('getPost', { actor: reader, id: post.id })).post.answerCount;
      const unanswered = async () =>
        (
          await world.client.call('listFeed', {
            actor: author,
            query: { sort: 'unanswered', channelId: world.generalId, limit: 100 },
          })
        ).items.some((p) => p.id === post.id);
      expect(await countFor(author)).toBe(1);
      expect(await unanswered()).toBe(false);

      await moderate(mod, 'answer', spam.id, 'hide');
      // Hiding twice changes the count once.
      await moderate(mod, 'answer', spam.id, 'hide');
      expect(await countFor(author)).toBe(0);
      expect(await countFor(mod)).toBe(0);
      expect(await unanswered()).toBe(true);
      const [hiddenEvent] = (await events('feed.answer.updated.v1', aboutPost(post.id))).slice(-1);
      expect(hiddenEvent).toMatchObject({ data: { post: { answerCount: 0 } } });

      await moderate(mod, 'answer', spam.id, 'restore');
      expect(await countFor(author)).toBe(1);
      await moderate(mod, 'answer', spam.id, 'hide');
      // Deleting a hidden answer does not take it out of the count a second time.
      await moderate(mod, 'answer', spam.id, 'delete');
      expect(await countFor(author)).toBe(0);
      const real = await answer(post.id, member);
      expect(real.postId).toBe(post.id);
      expect(await countFor(author)).toBe(1);
    });

    it('refuses votes on hidden content, even from moderators who can see it', async () => {
      const post = await ask(author, 'Hidden thread');
      const reply = await answer(post.id, member);
      const visiblePost = await ask(author, 'Visible thread');
      const hiddenReply = await answer(visiblePost.id, member);
      await moderate(mod, 'post', post.id, 'hide');
      await moderate(mod, 'answer', hiddenReply.id, 'hide');
      const before = (await events('feed.vote.changed.v1', () => true)).length;
      for (const actor of [mod, admin]) {
        await expect(
          world.client.call('votePost', { actor, id: post.id, input: { value: 1 } }),
        ).rejects.toMatchObject({ code: 'forbidden' });
        await expect(
          world.client.call('voteAnswer', { actor, id: reply.id, input: { value: 1 } }),
        ).rejects.toMatchObject({ code: 'forbidden' });
        await expect(
          world.client.call('voteAnswer', { actor, id: hiddenReply.id, input: { value: 1 } }),
        ).rejects.toMatchObject({ code: 'forbidden' });
      }
      expect(await events('feed.vote.changed.v1', () => true)).toHaveLength(before);
      // Restored, it takes votes again.
      await moderate(mod, 'answer', hiddenReply.id, 'restore');
      await expect(
        world.client.call('voteAnswer', { actor: mod, id: hiddenReply.id, input: { value: 1 } }),
      ).resolves.toEqual({ score: 1 });
    });

    it('acts on content in a private channel the moderator is not in', async () => {
      const secret = await privateChannel(world, [author, member]);
      const { post } = await world.client.call('createPost', {
        actor: author,
        input: { channelId: secret, kind: 'tip', title: 'Members only', body: 'Buy now.' },
      });
      await flag(member, 'post', post.id);
      const result = await moderate(mod, 'post', post.id, 'hide');
      expect(result.target).toMatchObject({ hidden: true, channel: { visibility: 'private' } });
      const [applied] = await events('feed.moderation.applied.v1', aboutPost(post.id));
      expect(applied).toMatchObject({ data: { channel: { id: secret, visibility: 'private' } } });
    });
  });

  describe('moderationQueue', () => {
    it('pages open items by their latest flag and resolved items by their resolution', async () => {
      // A world of its own: the queue is global.
      await using own = await feedWorld({ clock });
      const call = own.client;
      const posts: Post[] = [];
      for (let i = 0; i < 5; i++)
        posts.push(
          (
            await call.call('createPost', {
              actor: author,
              input: {
                channelId: own.generalId,
                kind: 'tip',
                title: `Tip ${i}`,
                body: 'x'.repeat(800),
              },
            })
          ).post,
        );
      const reply = (
        await call.call('createAnswer', {
          actor: author,
          postId: posts[0]!.id,
          input: { body: 'An answer' },
        })
      ).answer;
      const flagOn = (by: Actor, targetType: 'post' | 'answer', targetId: string) =>
        call.call('flag', { actor: by, input: { targetType, targetId, reason: 'other' } });
      // Flag order: 0, 1, answer, 2, 3, then 1 again (1 becomes the most recently flagged).
      await flagOn(flaggers[0]!, 'post', posts[0]!.id);
      await flagOn(flaggers[0]!, 'post', posts[1]!.id);
      await flagOn(flaggers[0]!, 'answer', reply.id);
      await flagOn(flaggers[0]!, 'post', posts[2]!.id);
      await flagOn(flaggers[0]!, 'post', posts[3]!.id);
      await flagOn(flaggers[1]!, 'post', posts[1]!.id);

      const seen: { id: string; flagCount: number }[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await call.call('moderationQueue', {
          actor: mod,
          query: { status: 'open', limit: 2, ...(cursor ? { cursor } : {}) },
        });
        pages++;
        for (const item of page.items) {
          expect(item.status).toBe('open');
          expect(item.flags).toHaveLength(item.flagCount);
          expect(item.target.excerpt.length).toBeLessThanOrEqual(500);
          seen.push({ id: item.target.id, flagCount: item.flagCount });
        }
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(pages).toBe(3);
      expect(seen).toEqual([
        { id: posts[1]!.id, flagCount: 2 },
        { id: posts[3]!.id, flagCount: 1 },
        { id: posts[2]!.id, flagCount: 1 },
        { id: reply.id, flagCount: 1 },
        { id: posts[0]!.id, flagCount: 1 },
      ]);
      const first = await call.call('moderationQueue', { actor: mod, query: { limit: 1 } });
      expect(first.items[0]!.flags.map((f) => f.reporter.id)).toEqual([
        flaggers[1]!.id,
        flaggers[0]!.id,
      ]);
      expect(first.items[0]!.target.excerpt).toBe('x'.repeat(500));

      const act = (targetType: 'post' | 'answer', targetId: string, action: 'hide' | 'dismiss') =>
        call.call('moderate', { actor: mod, input: { targetType, targetId, action } });
      await act('post', posts[2]!.id, 'dismiss');
      await act('answer', reply.id, 'hide');
      await act('post', posts[0]!.id, 'dismiss');
      // Flagged and resolved again: listed once, at its latest resolution.
      await flagOn(flaggers[2]!, 'post', posts[2]!.id);
      await act('post', posts[2]!.id, 'hide');

      const resolved: string[] = [];
      cursor = undefined;
      do {
        const page: QueuePage = await call.call('moderationQueue', {
          actor: mod,
          query: { status: 'resolved', limit: 2, ...(cursor ? { cursor } : {}) },
        });
        for (const item of page.items) {
          expect(item.status).toBe('resolved');
          expect(item.flags.every((f) => f.status === 'resolved')).toBe(true);
          resolved.push(item.target.id);
        }
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(resolved).toEqual([posts[2]!.id, posts[0]!.id, reply.id]);
      const latest = await call.call('moderationQueue', {
        actor: mod,
        query: { status: 'resolved', limit: 1 },
      });
      expect(latest.items[0]).toMatchObject({
        flagCount: 1,
        flags: [{ reporter: { id: flaggers[2]!.id }, resolution: 'hide' }],
        target: { hidden: true },
      });

      const open = await call.call('moderationQueue', { actor: mod, query: {} });
      expect(open.items.map((i) => i.target.id)).toEqual([posts[1]!.id, posts[3]!.id]);
    });

    it('rejects a cursor made for another list', async () => {
      const page = await world.client.call('moderationQueue', {
        actor: mod,
        query: { status: 'open', limit: 1 },
      });
      expect(page.nextCursor).toBeTruthy();
      await expect(
        world.client.call('moderationQueue', {
          actor: mod,
          query: { status: 'resolved', cursor: page.nextCursor! },
        }),
      ).rejects.toMatchObject({ code: 'validation_failed' });
    });
  });
});
