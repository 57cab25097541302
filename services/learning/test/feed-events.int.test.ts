import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as bus from '@outloud/bus';
import { createEnvelope, publishEvent, rpcClient, type NatsConnection } from '@outloud/bus';
import {
  FeedEvents,
  LearningRpc,
  type Actor,
  type Answer,
  type FeedEventData,
  type FeedEventType,
  type Names,
  type Post,
} from '@outloud/contracts';
import {
  createServiceWorld,
  eventually,
  makeAnswer,
  makePost,
  person,
  type ServiceWorld,
} from '@outloud/testkit';
import type { Kysely } from 'kysely';
import { learningMigrations, startLearning, type LearningService } from '../src/app.js';
import type { LearnDB } from '../src/db.js';

const question = (author: Actor, tags: string[], channelId: string): Post =>
  makePost(author, { kind: 'question', title: 'A question', tags, channelId });

function answerTo(post: Post, author: Actor): Answer {
  const now = new Date().toISOString();
  return makeAnswer(post, author, { createdAt: now, updatedAt: now });
}

describe('learning follows the feed events', () => {
  let world: ServiceWorld<NatsConnection>;
  let db: Kysely<LearnDB>;
  let nc: NatsConnection;
  let names: Names;
  let learning: LearningService;
  let client: ReturnType<typeof rpcClient<typeof LearningRpc>>;
  const channelId = randomUUID();

  beforeAll(async () => {
    world = await createServiceWorld({
      migrations: [learningMigrations],
      bus,
      name: 'learning-test',
    });
    db = world.pool<LearnDB>();
    ({ nc, names } = world);
    learning = await startLearning({
      db,
      databaseUrl: world.database.url,
      nc,
      names,
      logger: world.logger,
    });
    world.defer(() => learning.stop());
    client = rpcClient({ nc, names, service: 'learning', schemas: LearningRpc });
  });
  afterAll(async () => {
    await world?.[Symbol.asyncDispose]();
  });

  const envelope = <K extends FeedEventType>(type: K, data: FeedEventData<K>, actor: Actor) =>
    createEnvelope(type, data, actor);
  const publish = async (env: ReturnType<typeof envelope>, msgID?: string) =>
    publishEvent(nc, names.subject(FeedEvents[env.type].subject), env, { msgID });
  const state = (post: Post, version: number) => ({
    post,
    channel: { id: post.channelId, visibility: 'public' as const },
    version,
  });
  const progressOf = async (actor: Actor, goalId: string) =>
    (await client.call('getGoal', { actor, channelIds: [], id: goalId })).goal.progress;
  const handled = () => learning.consumer.stats.handled;

  it('counts each answer once, even when its event is delivered twice', async () => {
    const learner = person('learner');
    const asker = person('asker');
    const { goal } = await client.call('createGoal', {
      actor: learner,
      input: { title: 'Answer', measure: { metric: 'answers', tag: 'go', count: 3 } },
    });
    const q = question(asker, ['go'], channelId);
    await publish(envelope('feed.post.created.v1', state(q, 1), asker));
    const a = answerTo(q, learner);
    const created = envelope('feed.answer.created.v1', { answer: a, ...state(q, 2) }, learner);
    await publish(created);
    // The same event again under another message id: JetStream cannot drop it, learning must.
    await publish(created, randomUUID());
    await eventually(async () => (handled() >= 3 ? true : undefined), { what: 'three deliveries' });
    expect(await progressOf(learner, goal.id)).toBe(1);
  });

  it('keeps a deletion that arrives before the creation, and does not count the answer', async () => {
    const learner = person('late');
    const asker = person('asker2');
    const { goal } = await client.call('createGoal', {
      actor: learner,
      input: { title: 'Answer', measure: { metric: 'answers', count: 2 } },
    });
    const q = question(asker, [], channelId);
    const kept = answerTo(q, learner);
    const gone = answerTo(q, learner);
    const before = handled();
    await publish(envelope('feed.post.created.v1', state(q, 1), asker));
    await publish(
      envelope(
        'feed.answer.deleted.v1',
        { answerId: gone.id, authorId: learner.id, ...state(q, 4) },
        learner,
      ),
    );
    await publish(envelope('feed.answer.created.v1', { answer: gone, ...state(q, 2) }, learner));
    await publish(envelope('feed.answer.created.v1', { answer: kept, ...state(q, 3) }, learner));
    await eventually(async () => (handled() >= before + 4 ? true : undefined), {
      what: 'four events',
    });
    expect(await progressOf(learner, goal.id)).toBe(1);
  });

  it('applies channel events: a channel that turns private makes its contributions private', async () => {
    const owner = person('owner');
    const room = randomUUID();
    const channel = {
      id: room,
      slug: `room-${room.slice(0, 8)}`,
      name: 'Room',
      description: '',
      visibility: 'public' as const,
      memberCount: 1,
      createdAt: new Date().toISOString(),
      ownerId: owner.id,
    };
    const q = question(owner, [], room);
    await publish(envelope('feed.channel.created.v1', { channel }, owner));
    await publish(envelope('feed.post.created.v1', state(q, 1), owner));
    await publish(
      envelope(
        'feed.channel.updated.v1',
        { channel: { ...channel, visibility: 'private' } },
        owner,
      ),
    );
    const row = await eventually(async () => {
      const found = await db
        .selectFrom('learn.contributions')
        .select('visibility')
        .where('id', '=', q.id)
        .executeTakeFirst();
      return found?.visibility === 'private' ? found : undefined;
    });
    expect(row.visibility).toBe('private');
    const known = await db
      .selectFrom('learn.channels')
      .select(['visibility', 'memberCount'])
      .where('id', '=', room)
      .executeTakeFirstOrThrow();
    expect(known).toEqual({ visibility: 'private', memberCount: 1 });
  });

  it('counts only contributions made after the goal was set, of the right kind and tag', async () => {
    const learner = person('tipster');
    const oldTip = { ...question(learner, ['css'], channelId), kind: 'tip' as const };
    oldTip.createdAt = new Date(Date.now() - 86_400_000).toISOString();
    const before = handled();
    await publish(envelope('feed.post.created.v1', state(oldTip, 1), learner));
    await eventually(async () => (handled() >= before + 1 ? true : undefined));
    const { goal } = await client.call('createGoal', {
      actor: learner,
      input: { title: 'Tips', measure: { metric: 'tips', tag: 'css', count: 1 } },
    });
    const otherTag = { ...question(learner, ['html'], channelId), kind: 'tip' as const };
    const fresh = { ...question(learner, ['css'], channelId), kind: 'tip' as const };
    await publish(envelope('feed.post.created.v1', state(otherTag, 1), learner));
    await publish(envelope('feed.post.created.v1', state(fresh, 1), learner));
    const done = await eventually(async () => {
      const r = await client.call('getGoal', { actor: learner, channelIds: [], id: goal.id });
      return r.goal.status === 'achieved' ? r.goal : undefined;
    });
    expect(done.progress).toBe(1);
  });

  // The same service and stream: these people and channels are new, so nothing above counts.
  describe('the works-out-loud badge', () => {
    const DAY = 86_400_000;
    const share = async (author: Actor, daysAgo: number, visibility: 'public' | 'private') => {
      const tip = { ...question(author, [], randomUUID()), kind: 'tip' as const };
      tip.createdAt = new Date(Date.now() - daysAgo * DAY).toISOString();
      await publishEvent(
        nc,
        names.subject(FeedEvents['feed.post.created.v1'].subject),
        createEnvelope(
          'feed.post.created.v1',
          { post: tip, channel: { id: tip.channelId, visibility }, version: 1 },
          author,
        ),
      );
    };

    it('goes to people who shared in public in three of the last four weeks, and only to them', async () => {
      const regular = person('regular');
      const twoWeeks = person('twoweeks');
      const secretive = person('secretive');
      const before = learning.consumer.stats.handled;
      for (const daysAgo of [1, 9, 16]) await share(regular, daysAgo, 'public');
      for (const daysAgo of [1, 2, 9]) await share(twoWeeks, daysAgo, 'public');
      for (const daysAgo of [1, 9, 16]) await share(secretive, daysAgo, 'private');
      await eventually(async () =>
        learning.consumer.stats.handled >= before + 9 ? true : undefined,
      );
      const { items } = await client.call('badges', {
        userIds: [regular.id, twoWeeks.id, secretive.id],
      });
      expect(items).toEqual([{ userId: regular.id, badges: ['works_out_loud'] }]);
    });
  });
});
