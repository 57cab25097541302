import type { Actor, Answer, Channel, Notification, Post } from '@outloud/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hours, minutes, notifyWorld, type NotifyWorld } from './notify-world.js';

describe('routing waiting questions to likely experts', () => {
  let world: NotifyWorld;
  let lead: Actor;
  let open: Channel;

  beforeAll(async () => {
    world = await notifyWorld({ name: 'notify-routing' });
    lead = world.member('lead');
    open = await world.channel(lead, 'public');
  });
  afterAll(async () => world?.[Symbol.asyncDispose]());

  const expertRequests = async (who: Actor, postId: string): Promise<Notification[]> =>
    (await world.list(who)).items.filter((n) => n.type === 'expert_request' && n.postId === postId);
  const askedAbout = async (postId: string) =>
    (await world.stored(postId, 'expert_request')).map((r) => r.recipientId);
  /** Gives `expert` `count` expert requests today, through routing like any other. */
  const busy = async (expert: Actor, count: number) => {
    const asker = world.member();
    const questions = [];
    for (let i = 0; i < count; i++) {
      const question = await world.post(asker, open);
      world.rank(question.title, [expert]);
      questions.push(question);
    }
    world.advance(minutes(31));
    await world.service.routeQuestions();
    for (const question of questions) expect(await askedAbout(question.id)).toEqual([expert.id]);
  };

  it('asks the best-ranked who may see a private question: never the asker, an outsider, someone opted out, suspended or over the daily cap', async () => {
    const asker = world.member('asker');
    const [optedOut, suspended, capped, first, second, third, fourth] = [
      'optedout',
      'suspended',
      'capped',
      'first',
      'second',
      'third',
      'fourth',
    ].map((handle) => world.member(handle));
    const outsider = world.member('outsider');
    const team = await world.channel(lead, 'private', [
      asker,
      optedOut!,
      suspended!,
      capped!,
      first!,
      second!,
      third!,
      fourth!,
    ]);
    await world.notifications.call('setPreferences', {
      actor: optedOut!,
      input: { types: { expert_request: false } },
    });
    await world.setStatus(suspended!, 'suspended');
    await busy(capped!, 3);

    const question = await world.post(asker, team, {
      title: 'How do I rotate the signing keys?',
      tags: ['security', 'keys'],
    });
    world.rank(question.title, [
      outsider,
      asker,
      optedOut!,
      suspended!,
      capped!,
      first!,
      second!,
      third!,
      fourth!,
    ]);

    // Not before the channel's delay.
    world.advance(minutes(29));
    await world.service.routeQuestions();
    expect(await askedAbout(question.id)).toEqual([]);

    world.advance(minutes(2));
    await world.service.routeQuestions();
    expect((await askedAbout(question.id)).sort()).toEqual(
      [first!.id, second!.id, third!.id].sort(),
    );
    const [request] = await expertRequests(first!, question.id);
    expect(request).toMatchObject({
      type: 'expert_request',
      detail: { action: 'expert' },
      actor: { id: asker.id, handle: asker.handle },
      post: { id: question.id, title: question.title, kind: 'question', channelId: team.id },
    });
    // Search counted evidence in public channels and the question's own channel only.
    const asked = world.searched.find((s) => s.topic.startsWith(question.title))!;
    expect(asked.topic).toBe('How do I rotate the signing keys? security keys');
    expect(asked.tags).toEqual(['security', 'keys']);
    expect(asked.channelIds).toContain(team.id);
    expect(asked.channelIds).toContain(open.id);
    // The one who was over the cap had three requests today, and still has three.
    expect(await askedAbout(question.id)).not.toContain(capped!.id);
  });

  it('asks about one question only once, however often and however concurrently the sweep runs', async () => {
    const asker = world.member();
    const experts = [world.member(), world.member()];
    const question = await world.post(asker, open);
    world.rank(question.title, experts);
    world.advance(minutes(31));

    await Promise.all([
      world.service.routeQuestions(),
      world.service.routeQuestions(),
      world.service.routeQuestions(),
    ]);
    await world.service.routeQuestions();
    world.advance(minutes(31));
    await world.service.routeQuestions();

    expect((await askedAbout(question.id)).sort()).toEqual(experts.map((e) => e.id).sort());
    for (const expert of experts) expect(await expertRequests(expert, question.id)).toHaveLength(1);
    const routing = await world.db
      .selectFrom('notify.routings')
      .select(['requests', 'routedAt'])
      .where('postId', '=', question.id)
      .executeTakeFirstOrThrow();
    expect(routing.requests).toBe(2);
    // Search was asked about it once.
    expect(world.searched.filter((s) => s.topic.startsWith(question.title))).toHaveLength(1);
  });

  it('leaves questions alone that were answered, hidden, locked, closed as a duplicate or deleted', async () => {
    const asker = world.member();
    const expert = world.member();
    const original = await world.post(asker, open);
    const answered = await world.post(asker, open);
    const hidden = await world.post(asker, open);
    const locked = await world.post(asker, open);
    const duplicate = await world.post(asker, open);
    const deleted = await world.post(asker, open);
    for (const q of [answered, hidden, locked, duplicate, deleted]) world.rank(q.title, [expert]);
    await world.answer(answered, open, world.member());
    await world.updatePost(hidden, open, { hidden: true });
    await world.updatePost(locked, open, { locked: true });
    await world.updatePost(duplicate, open, {
      duplicateOf: original.id,
      original: { id: original.id, title: original.title },
    });
    await world.publish('feed.post.deleted.v1', {
      postId: deleted.id,
      authorId: asker.id,
      channel: { id: open.id, visibility: 'public' },
      version: 2,
    });

    world.advance(hours(49));
    await world.service.routeQuestions();
    for (const q of [answered, hidden, locked, duplicate, deleted])
      expect(await askedAbout(q.id)).toEqual([]);
    expect(await expertRequests(lead, answered.id)).toEqual([]);
  });

  it('routes a question whose only answer was hidden, and not one whose answer came back', async () => {
    const asker = world.member();
    const expert = world.member();
    const spammed = await world.post(asker, open);
    const restored = await world.post(asker, open);
    for (const q of [spammed, restored]) world.rank(q.title, [expert]);
    const answers = new Map<string, Answer>();
    const hideAnswer = async (question: Post, hidden: boolean, version: number) => {
      const answer = answers.get(question.id)!;
      await world.publish('feed.answer.updated.v1', {
        answer: { ...answer, hidden },
        post: { ...question, answerCount: hidden ? 0 : 1 },
        channel: { id: open.id, visibility: 'public' },
        version,
      });
    };
    for (const q of [spammed, restored])
      answers.set(q.id, await world.answer(q, open, world.member()));
    await hideAnswer(spammed, true, 50);
    await hideAnswer(restored, true, 50);
    await hideAnswer(restored, false, 60);
    // A stale copy of the hiding arrives late: the restored answer still ends the wait.
    await hideAnswer(restored, true, 55);

    world.advance(minutes(31));
    await world.service.routeQuestions();
    expect(await askedAbout(spammed.id)).toEqual([expert.id]);
    expect(await askedAbout(restored.id)).toEqual([]);
  });

  it('follows each channel’s delay, and never routes where routing is off', async () => {
    const asker = world.member();
    const expert = world.member();
    const slow = await world.channel(lead, 'public', [], { expertRoutingMinutes: 120 });
    const quiet = await world.channel(lead, 'public', [], { expertRoutingMinutes: null });
    const waitsLonger = await world.post(asker, slow);
    const neverRouted = await world.post(asker, quiet);
    world.rank(waitsLonger.title, [expert]);
    world.rank(neverRouted.title, [expert]);

    world.advance(minutes(119));
    await world.service.routeQuestions();
    expect(await askedAbout(waitsLonger.id)).toEqual([]);
    world.advance(minutes(2));
    await world.service.routeQuestions();
    expect(await askedAbout(waitsLonger.id)).toEqual([expert.id]);

    // Nor escalated.
    world.advance(hours(49));
    await world.service.routeQuestions();
    expect(await askedAbout(neverRouted.id)).toEqual([]);
  });

  it('escalates a question still unanswered after 48 hours to the channel’s owner and the L&D people who can see it, once', async () => {
    const owner = world.member('owner');
    const ldMember = world.member('ldmember', ['member', 'ld']);
    const ldOutsider = world.member('ldoutsider', ['member', 'ld']);
    const asker = world.member('ldasker', ['member', 'ld']);
    const team = await world.channel(owner, 'private', [owner, ldMember, asker]);
    const question = await world.post(asker, team);
    world.rank(question.title, []);
    const answeredInTime = await world.post(asker, team);

    world.advance(minutes(31));
    await world.service.routeQuestions();
    await world.answer(answeredInTime, team, owner);
    world.advance(hours(47));
    await world.service.routeQuestions();
    expect(await askedAbout(question.id)).toEqual([]);

    world.advance(hours(1));
    await Promise.all([world.service.routeQuestions(), world.service.routeQuestions()]);
    await world.service.routeQuestions();
    expect((await askedAbout(question.id)).sort()).toEqual([owner.id, ldMember.id].sort());
    const [escalation] = await expertRequests(owner, question.id);
    expect(escalation).toMatchObject({ detail: { action: 'escalation' } });
    expect(await expertRequests(ldOutsider, question.id)).toEqual([]);
    expect(await expertRequests(asker, question.id)).toEqual([]);
    expect(await askedAbout(answeredInTime.id)).toEqual([]);
    const routing = await world.db
      .selectFrom('notify.routings')
      .select(['escalatedAt'])
      .where('postId', '=', question.id)
      .executeTakeFirstOrThrow();
    expect(routing.escalatedAt).not.toBeNull();
  });
});
