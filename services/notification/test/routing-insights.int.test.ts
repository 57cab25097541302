import { RpcError } from '@outloud/bus';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hours, minutes, notifyWorld, type NotifyWorld } from './notify-world.js';

describe('routing insights', () => {
  let world: NotifyWorld;

  beforeAll(async () => {
    world = await notifyWorld({ name: 'notify-insights' });
  });
  afterAll(async () => world?.[Symbol.asyncDispose]());

  it('counts routed questions, their answers and escalations, the median time to an answer and the experts asked', async () => {
    const lead = world.member('lead');
    const open = await world.channel(lead, 'public');
    const asker = world.member();
    const [e1, e2, e3, e4] = [1, 2, 3, 4].map(() => world.member());
    const fast = await world.post(asker, open);
    const slow = await world.post(asker, open);
    const waiting = await world.post(asker, open);
    const nobodyKnows = await world.post(asker, open);
    world.rank(fast.title, [e1!, e2!]);
    world.rank(slow.title, [e3!]);
    world.rank(waiting.title, [e4!]);
    world.rank(nobodyKnows.title, []);

    world.advance(minutes(30));
    await world.service.routeQuestions();
    world.advance(minutes(10));
    await world.answer(fast, open, e1!);
    world.advance(minutes(20));
    await world.answer(slow, open, e3!);
    await world.answer(fast, open, e2!);
    world.advance(hours(48));
    await world.service.routeQuestions();

    const insights = (days?: number, roles: ('ld' | 'manager' | 'admin')[] = ['ld']) =>
      world.notifications.call('routingInsights', {
        actor: { ...lead, roles: ['member', ...roles] },
        query: days === undefined ? {} : { days },
      });
    // A question nobody could be asked about was not routed to anyone, so it does not count.
    expect(await insights()).toEqual({
      days: 30,
      routed: 3,
      answered: 2,
      escalated: 1,
      medianMinutesToAnswer: 20,
      requests: 4,
    });
    expect(await insights(30, ['manager'])).toMatchObject({ routed: 3 });
    expect(await insights(30, ['admin'])).toMatchObject({ routed: 3 });
    // The routing happened two days ago.
    expect(await insights(1)).toEqual({
      days: 1,
      routed: 0,
      answered: 0,
      escalated: 0,
      medianMinutesToAnswer: null,
      requests: 0,
    });
  });

  it('is only for L&D, managers and admins', async () => {
    const someone = world.member('someone', ['member', 'moderator']);
    const refused = await world.notifications
      .call('routingInsights', { actor: someone, query: {} })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(RpcError);
    expect((refused as RpcError).code).toBe('forbidden');
  });
});
