import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import type {
  Answer,
  Channel,
  ClientToServerEvents,
  Post,
  ServerToClientEvents,
} from '@outloud/contracts';
import { apiWorld, type ApiWorld, type Person } from '../support/api-world.js';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

describe('real time', () => {
  let world: ApiWorld;
  let url: string;
  let owner: Person;
  let member: Person;
  let outsider: Person;
  let secret: Channel;
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    world = await apiWorld();
    await world.person(); // the admin
    owner = await world.person();
    member = await world.person();
    outsider = await world.person();
    await world.app.listen({ host: '127.0.0.1', port: 0 });
    url = `http://127.0.0.1:${(world.app.server.address() as AddressInfo).port}`;
    const created = await owner.request<{ channel: Channel }>('POST', '/channels', {
      slug: 'inner-circle',
      name: 'Inner circle',
      visibility: 'private',
    });
    secret = created.body.channel;
    await owner.request('POST', `/channels/${secret.id}/members`, { userId: member.user.id });
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await world?.[Symbol.asyncDispose]();
  });

  const connect = async (who: Person): Promise<ClientSocket> => {
    const socket: ClientSocket = io(url, {
      path: '/socket.io',
      transports: ['websocket'],
      extraHeaders: { cookie: who.cookie },
      reconnection: false,
    });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    return socket;
  };
  const nextError = (socket: ClientSocket) =>
    new Promise<{ code: string }>((resolve) => socket.once('error', resolve));
  /** Collects every event of a kind a socket receives. */
  const collect = <E extends 'post:created' | 'answer:created'>(socket: ClientSocket, event: E) => {
    const seen: Parameters<ServerToClientEvents[E]>[0][] = [];
    socket.on(event as 'post:created', (payload) => seen.push(payload as never));
    return seen;
  };
  const settle = () => new Promise((r) => setTimeout(r, 300));
  const post = async (channelId: string, title: string) =>
    (
      await owner.request<{ post: Post }>('POST', '/posts', {
        channelId,
        kind: 'question',
        title,
        body: 'Body.',
      })
    ).body.post;

  it('refuses subscriptions the person may not have with an error event', async () => {
    const socket = await connect(outsider);
    const hidden = await post(secret.id, 'Hidden question');

    let error = nextError(socket);
    socket.emit('channel:subscribe', { channelId: secret.id });
    expect((await error).code).toBe('channel_not_found');

    error = nextError(socket);
    socket.emit('post:subscribe', { postId: hidden.id });
    expect((await error).code).toBe('post_not_found');

    error = nextError(socket);
    socket.emit('channel:subscribe', { channelId: 'not-a-uuid' });
    expect((await error).code).toBe('validation_failed');

    const seen = collect(socket, 'post:created');
    await post(secret.id, 'Still hidden');
    await settle();
    expect(seen).toEqual([]);
  });

  it('stops a member’s live updates the moment they are removed', async () => {
    const socket = await connect(member);
    const question = await post(secret.id, 'Members only');
    socket.emit('channel:subscribe', { channelId: secret.id });
    socket.emit('post:subscribe', { postId: question.id });
    await settle();
    const posts = collect(socket, 'post:created');
    const answers = collect(socket, 'answer:created');

    await post(secret.id, 'Seen by members');
    await owner.request<{ answer: Answer }>('POST', `/posts/${question.id}/answers`, {
      body: 'First answer',
    });
    await settle();
    expect(posts.map((p) => p.post.title)).toEqual(['Seen by members']);
    expect(answers).toHaveLength(1);
    expect(posts[0]!.cursor).toMatch(/^\d+$/);

    await owner.request('DELETE', `/channels/${secret.id}/members/${member.user.id}`);
    await settle();
    await post(secret.id, 'After removal');
    await owner.request('POST', `/posts/${question.id}/answers`, { body: 'Second answer' });
    await settle();
    expect(posts).toHaveLength(1);
    expect(answers).toHaveLength(1);

    // And asking again is refused.
    const error = nextError(socket);
    socket.emit('post:subscribe', { postId: question.id });
    expect((await error).code).toBe('post_not_found');
  });
});
