import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel, ExpertsResponse, NotificationList, Post, User } from '@outloud/contracts';
import { eventually } from '@outloud/testkit';
import { apiWorld, type ApiWorld, type Person } from '../support/api-world.js';
import { connected, openSocket, type ClientSocket } from '../support/sockets.js';

/** What the issue promises: a suspended person's live socket ends within this long. */
const ENDS_WITHIN_MS = 5_000;

describe('suspended and deactivated people', () => {
  let world: ApiWorld;
  let admin: Person;
  let url: string;
  let general: Channel;
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    // A sweep far slower than the promise: only the immediate disconnect can keep it.
    world = await apiWorld({ LIVE_CREDENTIAL_SWEEP_MS: 600_000 });
    admin = await world.person();
    await world.app.listen({ host: '127.0.0.1', port: 0 });
    url = `http://127.0.0.1:${(world.app.server.address() as AddressInfo).port}`;
    const channels = await admin.request<{ items: Channel[] }>('GET', '/channels');
    general = channels.body.items.find((c) => c.slug === 'general')!;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await world?.[Symbol.asyncDispose]();
  });

  const setStatus = async (person: Person, status: User['status'], reason?: string) => {
    const response = await admin.request('PUT', `/admin/users/${person.user.id}/status`, {
      status,
      ...(reason ? { reason } : {}),
    });
    expect(response.status).toBe(200);
  };
  /** Waits until the notification service knows the person's status. */
  const notifyKnows = (person: Person, status: string) =>
    eventually(
      async () =>
        (
          await world.notifyDb
            .selectFrom('notify.peopleStatus')
            .select('status')
            .where('userId', '=', person.user.id)
            .executeTakeFirst()
        )?.status === status || undefined,
      { what: `the notification service to see ${status}` },
    );
  const post = async (by: Person, body: string) => {
    const response = await by.request<{ post: Post }>('POST', '/posts', {
      channelId: general.id,
      kind: 'question',
      title: `Question ${Math.random().toString(36).slice(2)}`,
      body,
    });
    expect(response.status).toBe(201);
    return response.body.post;
  };
  const notificationsOf = async (person: Person, postId: string) =>
    world.notifyDb
      .selectFrom('notify.notifications')
      .select('type')
      .where('recipientId', '=', person.user.id)
      .where('postId', '=', postId)
      .execute();
  const notified = (who: Person, postId: string) =>
    eventually(
      async () =>
        (await who.request<NotificationList>('GET', '/notifications')).body.items.find(
          (n) => n.postId === postId,
        ),
      { what: 'a notification' },
    );
  const login = (person: Person) =>
    world.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: `${person.user.handle}@example.test`, password: 'correct horse battery' },
    });

  it('lose their open sockets at once, their sessions and tokens, but not their content', async () => {
    const person = await world.person();
    const question = await post(person, 'Still readable after I am gone?');
    const token = (await person.request<{ token: string }>('POST', '/tokens', { name: 'cli' })).body
      .token;
    const socket = await connected(openSocket(url, { cookie: person.cookie }, sockets));
    const ended = new Promise<{ code: string }>((resolve) => socket.on('error', resolve));
    const closed = new Promise<string>((resolve) => socket.on('disconnect', resolve));

    await setStatus(person, 'suspended', 'Security review');
    const deadline = <T>(promise: Promise<T>) =>
      Promise.race([
        promise,
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error('the socket stayed open')), ENDS_WITHIN_MS),
        ),
      ]);
    expect((await deadline(ended)).code).toBe('session_ended');
    expect(await deadline(closed)).toBe('io server disconnect');

    expect((await person.request('GET', '/me')).status).toBe(401);
    const byToken = await world.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(byToken.statusCode).toBe(401);
    // A new socket is refused too.
    await expect(connected(openSocket(url, { token }, sockets))).rejects.toThrow();

    const reader = await world.person();
    const read = await reader.request<{ post: Post }>('GET', `/posts/${question.id}`);
    expect(read.status).toBe(200);
    expect(read.body.post.author.id).toBe(person.user.id);

    await setStatus(person, 'active');
    expect((await login(person)).statusCode).toBe(200);
  });

  it('are not offered for mentions and are not notified, by mention or otherwise', async () => {
    const asker = await world.person();
    const probe = await world.person();
    const question = await post(asker, 'Who can help?');
    await setStatus(asker, 'deactivated');
    await notifyKnows(asker, 'deactivated');

    const offered = await probe.request<{ items: User[] }>('GET', `/users?q=${asker.user.handle}`);
    expect(offered.body.items).toEqual([]);

    // An answer to their question and a mention: only the probe hears of them.
    const answered = await admin.request('POST', `/posts/${question.id}/answers`, {
      body: `Try this, @${asker.user.handle}. cc @${probe.user.handle}`,
    });
    expect(answered.status).toBe(201);
    const mention = await post(admin, `@${asker.user.handle} @${probe.user.handle} look`);
    await notified(probe, question.id);
    await notified(probe, mention.id);
    expect(await notificationsOf(asker, question.id)).toEqual([]);
    expect(await notificationsOf(asker, mention.id)).toEqual([]);

    // Back to active: told again.
    await setStatus(asker, 'active');
    await notifyKnows(asker, 'active');
    const again = await post(admin, `@${asker.user.handle} welcome back`);
    const relogged = await login(asker);
    expect(relogged.statusCode).toBe(200);
    await eventually(
      async () => ((await notificationsOf(asker, again.id)).length ? true : undefined),
      {
        what: 'the reactivated person to be notified',
      },
    );
  });

  it('are not offered as experts while inactive, and are again once reactivated', async () => {
    const topic = `zymurgy${Math.random().toString(36).slice(2, 8)}`;
    const expert = await world.person();
    const response = await expert.request<{ post: Post }>('POST', '/posts', {
      channelId: general.id,
      kind: 'tip',
      title: 'Brewing notes',
      body: 'What I learnt about fermentation.',
      tags: [topic],
    });
    expect(response.status).toBe(201);
    const experts = async () =>
      (await admin.request<ExpertsResponse>('GET', `/experts?topic=${topic}`)).body.items.map(
        (item) => item.user.id,
      );
    await eventually(async () => ((await experts()).includes(expert.user.id) ? true : undefined), {
      what: 'the author to count as an expert',
    });

    await setStatus(expert, 'deactivated', 'left the company');
    await eventually(async () => ((await experts()).includes(expert.user.id) ? undefined : true), {
      what: 'the deactivated author to leave the experts',
    });
    // Their tip stays, as everything they wrote.
    expect((await admin.request('GET', `/posts/${response.body.post.id}`)).status).toBe(200);

    await setStatus(expert, 'active');
    await eventually(async () => ((await experts()).includes(expert.user.id) ? true : undefined), {
      what: 'the reactivated author to be an expert again',
    });
  });

  it('get no digest', async () => {
    const sleeper = await world.person();
    const awake = await world.person();
    const q = await post(admin, `@${sleeper.user.handle} @${awake.user.handle} daily news`);
    await notified(awake, q.id);
    await notified(sleeper, q.id);
    await setStatus(sleeper, 'suspended');
    await notifyKnows(sleeper, 'suspended');

    const morning = new Date();
    morning.setUTCHours(9, 0, 0, 0);
    await world.notification.runDigests(morning);
    const digests = await world.notifyDb
      .selectFrom('notify.digests')
      .select('userId')
      .where('userId', 'in', [sleeper.user.id, awake.user.id])
      .where('subject', '!=', '')
      .execute();
    expect(digests.map((d) => d.userId)).toEqual([awake.user.id]);
  });
});
