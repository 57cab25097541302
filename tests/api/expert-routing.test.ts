import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  Answer,
  Channel,
  ExpertsResponse,
  NotificationList,
  Post,
  RoutingInsights,
} from '@outloud/contracts';
import { eventually } from '@outloud/testkit';
import { apiWorld, type ApiWorld, type Person } from '../support/api-world.js';

const MINUTE = 60 * 1000;

/**
 * A question that waits without an answer reaches the people whose accepted answers prove they
 * know its tags, if they may see it; the notification service's clock is moved by the test.
 */
describe('routing a waiting question to likely experts, through the API', () => {
  let world: ApiWorld;
  let now = Date.now();
  let admin: Person;
  let asker: Person;
  let expert: Person;
  let outsider: Person;
  let general: Channel;

  beforeAll(async () => {
    // Everyone here is a day-one account; newcomers' caps are another file's subject.
    world = await apiWorld({ NEWCOMER_HOURS: 0 }, { clock: () => new Date(now) });
    admin = await world.person();
    asker = await world.person();
    expert = await world.person();
    outsider = await world.person();
    const channels = await admin.request<{ items: Channel[] }>('GET', '/channels');
    general = channels.body.items.find((c) => c.slug === 'general')!;
  });
  afterAll(async () => world?.[Symbol.asyncDispose]());

  const ask = async (by: Person, channelId: string, title: string, tags: string[]) => {
    const reply = await by.request<{ post: Post }>('POST', '/posts', {
      channelId,
      kind: 'question',
      title,
      body: 'Any pointers?',
      tags,
    });
    expect(reply.status).toBe(201);
    return reply.body.post;
  };
  /** `who` answers a question of the admin's, and the admin accepts it: evidence of expertise. */
  const provenExpert = async (who: Person, title: string) => {
    const question = await ask(admin, general.id, title, ['terraform']);
    const answer = await who.request<{ answer: Answer }>('POST', `/posts/${question.id}/answers`, {
      body: 'Use a remote state backend with locking.',
    });
    expect(answer.status).toBe(201);
    const accepted = await admin.request('POST', `/answers/${answer.body.answer.id}/accept`);
    expect(accepted.status).toBe(200);
  };
  const expertRequests = async (who: Person, postId: string) =>
    (await who.request<NotificationList>('GET', '/notifications')).body.items.filter(
      (n) => n.type === 'expert_request' && n.postId === postId,
    );
  it('asks a member who proved they know the topic, never an outsider to the private channel or the asker, and only once', async () => {
    await provenExpert(expert, 'How do I share terraform state?');
    await provenExpert(outsider, 'How do I import terraform resources?');
    await eventually(
      async () => {
        const found = await admin.request<ExpertsResponse>('GET', '/experts?topic=terraform');
        const ids = found.body.items.map((e) => e.user.id);
        return ids.includes(expert.user.id) && ids.includes(outsider.user.id) ? true : undefined;
      },
      { what: 'both experts known to search', timeoutMs: 60_000 },
    );

    const team = (
      await admin.request<{ channel: Channel }>('POST', '/channels', {
        slug: `infra-${Math.random().toString(36).slice(2, 8)}`,
        name: 'Infrastructure',
        visibility: 'private',
      })
    ).body.channel;
    for (const member of [asker, expert]) {
      const added = await admin.request('POST', `/channels/${team.id}/members`, {
        userId: member.user.id,
      });
      expect(added.status).toBe(204);
    }
    const question = await ask(asker, team.id, 'Terraform plan wants to recreate everything', [
      'terraform',
    ]);
    // The notification service knows the question and who may see it.
    await eventually(
      async () => {
        const [routing, member] = await Promise.all([
          world.notifyDb
            .selectFrom('notify.routings')
            .select('postId')
            .where('postId', '=', question.id)
            .executeTakeFirst(),
          world.notifyDb
            .selectFrom('notify.members')
            .select('userId')
            .where('channelId', '=', team.id)
            .where('userId', '=', expert.user.id)
            .executeTakeFirst(),
        ]);
        return routing && member ? true : undefined;
      },
      { what: 'the question and its channel known to notifications' },
    );

    now += 20 * MINUTE;
    await world.notification.routeQuestions();
    expect(await expertRequests(expert, question.id)).toEqual([]);

    now += 11 * MINUTE;
    await world.notification.routeQuestions();
    await world.notification.routeQuestions();
    const requests = await expertRequests(expert, question.id);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({
      detail: { action: 'expert' },
      actor: { id: asker.user.id },
      post: { id: question.id, channelId: team.id },
    });
    expect(await expertRequests(outsider, question.id)).toEqual([]);
    expect(await expertRequests(asker, question.id)).toEqual([]);
    // The outsider cannot open it either way: the notification told them nothing.
    expect((await outsider.request('GET', `/posts/${question.id}`)).status).toBe(404);

    // Insights: one routed question, waiting; then answered.
    const insights = async (who: Person) =>
      who.request<RoutingInsights>('GET', '/insights/routing?days=7');
    expect((await insights(asker)).status).toBe(403);
    expect((await insights(admin)).body).toMatchObject({ days: 7, routed: 1, answered: 0 });
    const answered = await expert.request('POST', `/posts/${question.id}/answers`, {
      body: 'Check the provider version pin.',
    });
    expect(answered.status).toBe(201);
    const after = await eventually(
      async () => {
        const figures = (await insights(admin)).body;
        return figures.answered === 1 ? figures : undefined;
      },
      { what: 'the answer counted' },
    );
    expect(after).toMatchObject({ routed: 1, answered: 1, escalated: 0 });
    expect(after.requests).toBeGreaterThanOrEqual(1);
    expect((await insights(admin)).status).toBe(200);
    expect((await admin.request('GET', '/insights/routing?days=0')).status).toBe(400);
  });
});
