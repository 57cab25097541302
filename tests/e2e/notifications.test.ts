import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import type {
  Channel,
  ClientToServerEvents,
  NotificationList,
  Post,
  ServerToClientEvents,
} from '@outloud/contracts';
import { eventually } from '@outloud/testkit';
import { ApiClient } from '../support/api-client.js';
import { startTestStack, type TestStack } from '../support/stack.js';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

function connectSocket(url: string, cookie: string): Promise<ClientSocket> {
  const socket: ClientSocket = io(url, {
    path: '/socket.io',
    transports: ['websocket'],
    extraHeaders: { cookie },
    reconnection: false,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/** Every notification of a person, following the cursor to the end. */
async function allNotifications(client: ApiClient): Promise<NotificationList['items']> {
  const items: NotificationList['items'] = [];
  let cursor: string | null = null;
  do {
    const query: string = cursor ? `&cursor=${cursor}` : '';
    const page = await client.request<NotificationList>('GET', `/notifications?limit=100${query}`);
    expect(page.status).toBe(200);
    items.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return items;
}

describe('notifications and real time across processes', () => {
  let world: TestStack;
  let author: ApiClient;
  let general: Channel;

  beforeAll(async () => {
    world = await startTestStack();
    author = new ApiClient(world.url);
    await author.register();
    const channels = await author.request<{ items: Channel[] }>('GET', '/channels');
    general = channels.body.items.find((c) => c.slug === 'general')!;
  });
  afterAll(async () => {
    await world?.[Symbol.asyncDispose]();
  });

  const tip = async (title: string, body = 'Worth knowing.') => {
    const created = await author.request<{ post: Post }>('POST', '/posts', {
      channelId: general.id,
      kind: 'tip',
      title,
      body,
    });
    expect(created.status).toBe(201);
    return created.body.post;
  };

  it('loses and duplicates no notification when the service is killed under load', async () => {
    const follower = new ApiClient(world.url);
    await follower.register();
    expect(
      (
        await follower.request('PUT', '/follows', {
          targetType: 'user',
          target: author.user!.id,
        })
      ).status,
    ).toBe(204);
    // The follow must be in the projection before the posts, or the first ones notify nobody.
    const probe = await tip('Probe', `@${follower.user!.handle}`);
    await eventually(async () =>
      (await allNotifications(follower)).some((n) => n.postId === probe.id) ? true : undefined,
    );

    const posted: string[] = [];
    const writing = (async () => {
      for (let i = 0; i < 60; i++) posted.push((await tip(`Tip number ${i}`)).id);
    })();
    await eventually(() => (posted.length >= 15 ? true : undefined), { timeoutMs: 30_000 });
    await world.stack.kill('notification');
    await eventually(() => (posted.length >= 40 ? true : undefined), { timeoutMs: 30_000 });
    await world.stack.restart('notification');
    await writing;

    const received = await eventually(
      async () => {
        const items = (await allNotifications(follower)).filter((n) => n.postId !== probe.id);
        return items.length >= posted.length ? items : undefined;
      },
      { timeoutMs: 60_000, what: 'every notification after the restart' },
    );
    expect(received).toHaveLength(posted.length);
    expect(new Set(received.map((n) => n.postId))).toEqual(new Set(posted));
    expect(received.every((n) => n.type === 'followed_post')).toBe(true);
  });

  it('delivers every event through each of two gateways to its own sockets', async () => {
    const second = await world.stack.addGateway();
    const onFirst = new ApiClient(world.url);
    const onSecond = new ApiClient(second.url);
    await onFirst.register();
    await onSecond.register();
    const sockets = [
      await connectSocket(world.url, onFirst.cookie),
      await connectSocket(second.url, onSecond.cookie),
    ];
    try {
      for (const socket of sockets) socket.emit('channel:subscribe', { channelId: general.id });
      await new Promise((r) => setTimeout(r, 300)); // room joins have no acknowledgement
      const arrivals = sockets.map((socket) =>
        Promise.all([
          new Promise<Post>((resolve) => socket.once('post:created', ({ post }) => resolve(post))),
          new Promise<string>((resolve) =>
            socket.once('notification', ({ notification }) => resolve(notification.postId)),
          ),
        ]),
      );
      const post = await tip(
        'Two gateways, one stream',
        `Hello @${onFirst.user!.handle} and @${onSecond.user!.handle}`,
      );
      for (const [created, notifiedAbout] of await Promise.all(arrivals)) {
        expect(created.id).toBe(post.id);
        expect(notifiedAbout).toBe(post.id);
      }
    } finally {
      for (const socket of sockets) socket.close();
    }
  });
});
