import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor, Answer, Post, Visibility } from '@outloud/contracts';
import { testMeili } from '@outloud/testkit';
import { makeAnswer, makePost, person, searchWorld, state, type SearchWorld } from './world.js';

/**
 * Moderation and knowledge quality as search sees them, driven by the feed's events: hidden
 * content, outdated posts, duplicates, and the routing candidates.
 */
describe('search under moderation', () => {
  let world: SearchWorld;
  const author = person('author');
  const member = person('member');
  const spammer = person('spammer');
  const moderator = person('moderator', { roles: ['member', 'moderator'] });
  const admin = person('admin', { roles: ['member', 'admin'] });

  beforeAll(async () => {
    world = await searchWorld(testMeili());
  });
  afterAll(async () => world?.[Symbol.asyncDispose]());

  /** A post as the feed keeps it: every change is a new version, sent as its event. */
  const thread = async (post: Post, visibility: Visibility = 'public') => {
    let version = 1;
    let current = post;
    const answers = new Map<string, Answer>();
    const publishState = () => state(current, visibility, version);
    await world.publish('feed.post.created.v1', publishState(), {
      ...post.author,
      roles: ['member'],
    });
    return {
      get post() {
        return current;
      },
      async update(changes: Partial<Post>, by: Actor = author) {
        current = { ...current, ...changes };
        version++;
        await world.publish(
          'feed.post.updated.v1',
          { ...publishState(), changed: Object.keys(changes) },
          by,
        );
      },
      async answer(by: Actor, body: string, overrides: Partial<Answer> = {}) {
        const answer = makeAnswer(current, by, { body, bodyHtml: `<p>${body}</p>`, ...overrides });
        answers.set(answer.id, answer);
        current = {
          ...current,
          answerCount: current.answerCount + 1,
          acceptedAnswerId: answer.accepted ? answer.id : current.acceptedAnswerId,
        };
        version++;
        await world.publish('feed.answer.created.v1', { ...publishState(), answer }, by);
        return answer;
      },
      async updateAnswer(id: string, changes: Partial<Answer>, by: Actor = moderator) {
        const answer = { ...answers.get(id)!, ...changes };
        answers.set(id, answer);
        version++;
        await world.publish('feed.answer.updated.v1', { ...publishState(), answer }, by);
      },
      async deleteAnswer(id: string, by: Actor = moderator) {
        const answer = answers.get(id)!;
        answers.delete(id);
        current = { ...current, answerCount: current.answerCount - 1 };
        version++;
        await world.publish(
          'feed.answer.deleted.v1',
          { ...publishState(), answerId: id, authorId: answer.author.id },
          by,
        );
      },
    };
  };

  const search = (actor: Actor, channelId: string, q: string) =>
    world.client.call('search', { actor, channelIds: [channelId], query: { q } });

  describe('hidden posts', () => {
    it('are found only by their author, moderators and admins, with the mark, until restored', async () => {
      const channel = randomUUID();
      const tip = await thread(
        makePost(author, {
          channelId: channel,
          title: 'Grandmother lasagne layering',
          tags: ['cooking'],
        }),
      );
      await world.settle();
      expect((await search(member, channel, 'lasagne')).hits.map((h) => h.id)).toEqual([
        tip.post.id,
      ]);

      await tip.update({ hidden: true }, moderator);
      await world.settle();
      const outsider = await search(member, channel, 'lasagne');
      expect(outsider).toEqual({ hits: [], facets: { kind: {}, tags: {} }, estimatedTotal: 0 });
      for (const reader of [author, moderator, admin]) {
        const found = await search(reader, channel, 'lasagne');
        expect(found.hits).toEqual([expect.objectContaining({ id: tip.post.id, hidden: true })]);
        expect(found.facets.tags).toEqual({ cooking: 1 });
      }

      await tip.update({ hidden: false }, moderator);
      await world.settle();
      const restored = await search(member, channel, 'lasagne');
      expect(restored.hits).toHaveLength(1);
      expect(restored.hits[0]).not.toHaveProperty('hidden');
      expect(restored.hits[0]).toMatchObject({ outdated: false, duplicateOf: null });
    });
  });

  describe('hidden answers', () => {
    it('keep their text from everyone but their author and moderators, and come back when restored', async () => {
      const channel = randomUUID();
      const question = await thread(
        makePost(author, {
          channelId: channel,
          kind: 'question',
          title: 'Flaky integration suite',
        }),
      );
      await question.answer(member, 'Quarantine the wobbly tests first');
      const spam = await question.answer(spammer, 'Cheap watches from zanzibarmarket');
      await world.settle();
      expect((await search(author, channel, 'zanzibarmarket')).hits).toHaveLength(1);

      await question.updateAnswer(spam.id, { hidden: true });
      await world.settle();
      for (const reader of [author, member])
        expect(await search(reader, channel, 'zanzibarmarket')).toMatchObject({
          hits: [],
          estimatedTotal: 0,
        });
      // The post itself is still found, by everyone, without the hidden text.
      const byTitle = await search(member, channel, 'flaky');
      expect(byTitle.hits.map((h) => h.id)).toEqual([question.post.id]);
      expect(byTitle.hits[0]).not.toHaveProperty('hidden');
      for (const reader of [spammer, moderator]) {
        const found = await search(reader, channel, 'zanzibarmarket');
        expect(found.hits).toEqual([
          expect.objectContaining({ id: question.post.id, hidden: true }),
        ]);
        expect(found.hits[0]!.snippet).toContain('<mark>');
      }
      // One hit per post for a moderator, though the post and its hidden answer both match.
      expect((await search(moderator, channel, 'flaky')).hits).toHaveLength(1);

      await question.updateAnswer(spam.id, { hidden: false });
      await world.settle();
      const restored = await search(member, channel, 'zanzibarmarket');
      expect(restored.hits.map((h) => h.id)).toEqual([question.post.id]);
      expect(restored.hits[0]).not.toHaveProperty('hidden');
    });

    it('are no longer found by their author once their thread is hidden, nor by anyone once deleted', async () => {
      const channel = randomUUID();
      const question = await thread(
        makePost(author, { channelId: channel, kind: 'question', title: 'Printer driver woes' }),
      );
      const spam = await question.answer(spammer, 'Visit quixoticbargains today');
      await question.updateAnswer(spam.id, { hidden: true });
      await question.update({ hidden: true }, moderator);
      await world.settle();
      expect((await search(spammer, channel, 'quixoticbargains')).hits).toEqual([]);
      expect((await search(author, channel, 'printer')).hits).toEqual([
        expect.objectContaining({ id: question.post.id, hidden: true }),
      ]);
      expect((await search(moderator, channel, 'quixoticbargains')).hits).toHaveLength(1);

      await question.deleteAnswer(spam.id);
      await world.settle();
      expect((await search(moderator, channel, 'quixoticbargains')).hits).toEqual([]);
    });
  });

  describe('outdated posts', () => {
    it('come after an equally matching current post, and carry the mark', async () => {
      const channel = randomUUID();
      const same = { channelId: channel, title: 'Rotate the vault unseal keys', tags: ['ops'] };
      // The outdated one is written first, so without the rule it would come first.
      const outdated = await thread(makePost(author, { ...same, outdated: true }));
      await world.settle();
      const current = await thread(makePost(member, same));
      await world.settle();
      const found = await search(member, channel, 'vault unseal keys');
      expect(found.hits.map((h) => [h.id, h.outdated])).toEqual([
        [current.post.id, false],
        [outdated.post.id, true],
      ]);
    });

    it('come after a current post matching the same words in a weaker place', async () => {
      const channel = randomUUID();
      const outdated = await thread(
        makePost(author, {
          channelId: channel,
          title: 'Terraform drift detection',
          bodyHtml: '<p>Run a plan every night.</p>',
          outdated: true,
        }),
      );
      const current = await thread(
        makePost(member, {
          channelId: channel,
          title: 'Nightly infrastructure checks',
          bodyHtml: '<p>Catch terraform drift with a scheduled plan.</p>',
        }),
      );
      await world.settle();
      const found = await search(member, channel, 'terraform drift');
      expect(found.hits.map((h) => h.id)).toEqual([current.post.id, outdated.post.id]);
    });

    it('still come first when they match more of the words', async () => {
      const channel = randomUUID();
      const outdated = await thread(
        makePost(author, {
          channelId: channel,
          title: 'Kafka consumer lag alerts',
          outdated: true,
        }),
      );
      const current = await thread(
        makePost(member, { channelId: channel, title: 'Kafka consumer groups explained' }),
      );
      await world.settle();
      const found = await search(member, channel, 'kafka consumer lag');
      expect(found.hits.map((h) => h.id)).toEqual([outdated.post.id, current.post.id]);
    });

    it('are ranked lower as soon as an update marks them, and back when confirmed', async () => {
      const channel = randomUUID();
      // Written apart, so that between equals the first one comes first.
      const first = await thread(
        makePost(author, { channelId: channel, title: 'Wiki export howto' }),
      );
      await world.settle();
      const second = await thread(
        makePost(member, { channelId: channel, title: 'Wiki export howto' }),
      );
      await world.settle();
      const order = async () =>
        (await search(member, channel, 'wiki export')).hits.map((h) => h.id);
      expect(await order()).toEqual([first.post.id, second.post.id]);
      await first.update({ outdated: true });
      await world.settle();
      expect(await order()).toEqual([second.post.id, first.post.id]);
      await first.update({ outdated: false });
      await world.settle();
      expect(await order()).toEqual([first.post.id, second.post.id]);
    });
  });

  describe('duplicates', () => {
    it('lead similar questions and hits to the original the reader may open', async () => {
      const channel = randomUUID();
      const secret = randomUUID();
      const question = (title: string, channelId = channel) =>
        makePost(author, { channelId, kind: 'question', title });
      const original = await thread(question('Rotate postgres credentials'));
      await original.answer(member, 'Use a second role and swap', { accepted: true });
      const duplicate = await thread(question('Rotating postgres credentials without downtime'));
      await duplicate.update({
        duplicateOf: original.post.id,
        original: { id: original.post.id, title: original.post.title },
      });
      const privateOriginal = await thread(
        question('Postgres credentials vault', secret),
        'private',
      );
      const pointsAway = await thread(question('Postgres credentials in CI'));
      await pointsAway.update({
        duplicateOf: privateOriginal.post.id,
        original: { id: privateOriginal.post.id, title: privateOriginal.post.title },
      });
      const hidden = await thread(question('Postgres credentials leaked'));
      await hidden.update({ hidden: true }, moderator);
      await world.settle();

      const similar = await world.client.call('similar', {
        actor: author,
        channelIds: [channel],
        query: { title: 'postgres credentials', limit: 10 },
      });
      const ids = similar.items.map((i) => i.id);
      // The original once (for itself and for its duplicate), solved first; a duplicate whose
      // original the reader may not open stays itself; hidden questions never appear, not even
      // to their author.
      expect(similar.items[0]).toEqual({
        id: original.post.id,
        title: 'Rotate postgres credentials',
        answerCount: 1,
        accepted: true,
      });
      expect(ids.filter((id) => id === original.post.id)).toHaveLength(1);
      expect(ids).not.toContain(duplicate.post.id);
      expect(ids).toContain(pointsAway.post.id);
      expect(ids).not.toContain(privateOriginal.post.id);
      expect(ids).not.toContain(hidden.post.id);

      const hits = (await search(member, channel, 'postgres credentials')).hits;
      expect(hits.find((h) => h.id === duplicate.post.id)?.original).toEqual({
        id: original.post.id,
        title: 'Rotate postgres credentials',
      });
      expect(hits.find((h) => h.id === pointsAway.post.id)?.duplicateOf).toBeNull();
      const insider = await world.client.call('search', {
        actor: member,
        channelIds: [channel, secret],
        query: { q: 'credentials in CI' },
      });
      expect(insider.hits.find((h) => h.id === pointsAway.post.id)?.original).toEqual({
        id: privateOriginal.post.id,
        title: 'Postgres credentials vault',
      });
    });
  });

  describe('expertise', () => {
    it('counts hidden content as no evidence until restored, and keeps outdated content', async () => {
      const channel = randomUUID();
      const tipster = person('tipster');
      const answerer = person('answerer');
      const tip = await thread(
        makePost(tipster, {
          channelId: channel,
          title: 'Zookeeper ensemble sizing',
          tags: ['zookeeper'],
        }),
      );
      const question = await thread(
        makePost(author, {
          channelId: channel,
          kind: 'question',
          title: 'Zookeeper quorum lost',
          tags: ['zookeeper'],
        }),
      );
      const answer = await question.answer(answerer, 'Check the ensemble size');
      await world.settle();
      const experts = async () =>
        (
          await world.client.call('experts', {
            actor: member,
            channelIds: [channel],
            query: { topic: 'zookeeper' },
          })
        ).items;
      const stats = async (who: Actor, reader: Actor = member) =>
        (
          await world.client.call('userStats', {
            actor: reader,
            channelIds: [channel],
            userId: who.id,
          })
        ).stats;
      expect((await experts()).map((e) => e.user.handle)).toEqual(['tipster', 'answerer']);

      await tip.update({ outdated: true }, tipster);
      await world.settle();
      expect((await experts()).map((e) => e.user.handle)).toEqual(['tipster', 'answerer']);

      await tip.update({ hidden: true }, moderator);
      await question.updateAnswer(answer.id, { hidden: true });
      await world.settle();
      expect(await experts()).toEqual([]);
      // For their authors and moderators too: a profile counts what everyone can rely on.
      expect(await stats(tipster, tipster)).toMatchObject({ tips: 0 });
      expect(await stats(answerer, moderator)).toMatchObject({ answers: 0 });

      await tip.update({ hidden: false }, moderator);
      await question.updateAnswer(answer.id, { hidden: false });
      await world.settle();
      const back = await experts();
      expect(back.map((e) => e.user.handle)).toEqual(['tipster', 'answerer']);
      expect(back[0]!.evidence).toMatchObject({ tips: 1, samplePostIds: [tip.post.id] });
      expect(back[1]!.evidence).toMatchObject({ answers: 1, samplePostIds: [question.post.id] });
      expect(await stats(tipster)).toMatchObject({ tips: 1 });

      // Answers in a hidden thread are no evidence either.
      await question.update({ hidden: true }, moderator);
      await world.settle();
      expect((await experts()).map((e) => e.user.handle)).toEqual(['tipster']);
      expect(await stats(answerer)).toMatchObject({ answers: 0 });
      expect(await stats(author)).toMatchObject({ questions: 0 });
    });
  });

  describe('routingCandidates', () => {
    it('ranks people for a question exactly as experts does, in the given channels only', async () => {
      const channel = randomUUID();
      const other = randomUUID();
      const strong = person('strong');
      const weak = person('weak');
      const elsewhere = person('elsewhere');
      const tip = (by: Actor, title: string, score: number, channelId = channel) =>
        thread(makePost(by, { channelId, title, tags: ['cassandra'], score }));
      await tip(strong, 'Cassandra compaction strategies', 3);
      await tip(weak, 'Cassandra tombstones', 0);
      await tip(elsewhere, 'Cassandra repairs', 9, other);
      await world.settle();

      const experts = await world.client.call('experts', {
        actor: member,
        channelIds: [channel],
        query: { topic: 'cassandra' },
      });
      const routed = await world.client.call('routingCandidates', {
        topic: 'Why is my cluster slow?',
        tags: ['cassandra'],
        channelIds: [channel],
        limit: 10,
      });
      expect(routed.items.map((c) => c.userId)).toEqual(experts.items.map((e) => e.user.id));
      expect(routed.items.map((c) => c.userId)).toEqual([strong.id, weak.id]);
      routed.items.forEach((c, i) => expect(c.score).toBeCloseTo(experts.items[i]!.score, 2));

      const top = await world.client.call('routingCandidates', {
        topic: 'Why is my cluster slow?',
        tags: ['cassandra'],
        channelIds: [channel],
        limit: 1,
      });
      expect(top.items.map((c) => c.userId)).toEqual([strong.id]);

      // A question without tags is read by its words, as experts reads free text.
      const byWords = await world.client.call('routingCandidates', {
        topic: 'compaction strategies',
        tags: [],
        channelIds: [channel],
        limit: 10,
      });
      expect(byWords.items.map((c) => c.userId)).toEqual([strong.id, weak.id]);

      const nowhere = await world.client.call('routingCandidates', {
        topic: 'cassandra',
        tags: ['cassandra'],
        channelIds: [randomUUID()],
        limit: 10,
      });
      expect(nowhere.items).toEqual([]);
    });
  });
});
