import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel, ClientToServerEvents, Post } from '@outloud/contracts';
import { eventually } from '@outloud/testkit';
import { apiWorld, type ApiWorld, type Person } from '../support/api-world.js';
import { connected, openSocket, type ClientSocket } from '../support/sockets.js';

/** Small limits, so that each case needs only a few messages. */
const MAX_ROOMS = 3;
const BURST = 10;
const PER_SECOND = 5;

describe('socket abuse', () => {
  let world: ApiWorld;
  let url: string;
  let owner: Person;
  let open: Channel;
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    world = await apiWorld({
      LIVE_MAX_ROOMS: MAX_ROOMS,
      LIVE_SUBSCRIBE_BURST: BURST,
      LIVE_SUBSCRIBE_PER_SECOND: PER_SECOND,
    });
    await world.person(); // the admin
    owner = await world.person();
    await world.app.listen({ host: '127.0.0.1', port: 0 });
    url = `http://127.0.0.1:${(world.app.server.address() as AddressInfo).port}`;
    open = (
      await owner.request<{ channel: Channel }>('POST', '/channels', {
        slug: 'open-floor',
        name: 'Open floor',
        visibility: 'public',
      })
    ).body.channel;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await world?.[Symbol.asyncDispose]();
  });

  const connect = (who: Person) => connected(openSocket(url, who, sockets));
  const errorsOf = (socket: ClientSocket) => {
    const codes: string[] = [];
    socket.on('error', ({ code }) => codes.push(code));
    return codes;
  };
  const post = async (title: string) =>
    (
      await owner.request<{ post: Post }>('POST', '/posts', {
        channelId: open.id,
        kind: 'question',
        title,
        body: 'Body.',
      })
    ).body.post;

  it('refuses payloads that do not match the schema or hold NUL, with an error event', async () => {
    const socket = await connect(await world.person());
    const codes = errorsOf(socket);
    const bad: [keyof ClientToServerEvents, unknown][] = [
      ['post:subscribe', { postId: `${randomUUID()}\u0000` }],
      ['post:subscribe', { postId: '\u0000' }],
      ['post:subscribe', { postId: randomUUID(), extra: 'x' }],
      ['channel:subscribe', { channelId: 42 }],
      ['channel:subscribe', 'not an object'],
    ];
    for (const [event, payload] of bad)
      (socket.emit as (e: string, p: unknown) => void)(event, payload);
    await eventually(() => (codes.length === bad.length ? true : undefined));
    expect(codes).toEqual(bad.map(() => 'validation_failed'));
  });

  it('caps the rooms of a socket even when the subscriptions arrive at once', async () => {
    const posts = [];
    for (let i = 0; i < MAX_ROOMS + 2; i++) posts.push(await post(`Room ${i}`));
    const socket = await connect(await world.person());
    const codes = errorsOf(socket);
    for (const p of posts) socket.emit('post:subscribe', { postId: p.id });
    await eventually(() => (codes.length >= 2 ? true : undefined));
    await new Promise((r) => setTimeout(r, 300));
    expect(codes).toEqual(['rate_limited', 'rate_limited']);

    // The rooms that were granted work; leaving one makes room for another.
    const answers: string[] = [];
    socket.on('answer:created', ({ answer }) => answers.push(answer.postId));
    await owner.request('POST', `/posts/${posts[0]!.id}/answers`, { body: 'Answer.' });
    await eventually(() => (answers.length === 1 ? true : undefined));
    socket.emit('post:unsubscribe', { postId: posts[0]!.id });
    socket.emit('post:subscribe', { postId: posts.at(-1)!.id });
    await owner.request('POST', `/posts/${posts.at(-1)!.id}/answers`, { body: 'Answer.' });
    await eventually(() => (answers.length === 2 ? true : undefined));
    expect(answers).toEqual([posts[0]!.id, posts.at(-1)!.id]);
  });

  it('asks the feed once about a post that does not exist, however often it is asked', async () => {
    const asked: string[] = [];
    const spy = world.nc.subscribe(world.names.svc('feed', 'postAccess'), {
      callback: (_error, msg) => void asked.push(msg.subject),
    });
    const socket = await connect(await world.person());
    const codes = errorsOf(socket);
    const missing = randomUUID();
    // Asked at once (one answer: the room is being checked already), then again one by one.
    for (let i = 0; i < 3; i++) socket.emit('post:subscribe', { postId: missing });
    await eventually(() => (codes.length === 1 ? true : undefined));
    for (let n = 2; n <= 4; n++) {
      socket.emit('post:subscribe', { postId: missing });
      await eventually(() => (codes.length === n ? true : undefined));
    }
    spy.unsubscribe();
    expect(codes).toEqual(Array(4).fill('post_not_found'));
    expect(asked).toHaveLength(1);
  });

  it('answers a flood with rate_limited errors, then disconnects it; other sockets carry on', async () => {
    const reader = await world.person();
    const bystander = await connect(reader);
    bystander.emit('channel:subscribe', { channelId: open.id });
    const flooder = await connect(reader);
    const codes = errorsOf(flooder);
    const closed = new Promise<string>((resolve) => flooder.once('disconnect', resolve));
    for (let i = 0; i < BURST * 5; i++) flooder.emit('post:subscribe', { postId: randomUUID() });
    expect(await closed).toBe('io server disconnect');
    expect(codes).toContain('rate_limited');
    // Within the burst, each unknown post is refused; past it, the budget answers.
    expect(codes.filter((c) => c === 'rate_limited').length).toBeGreaterThanOrEqual(BURST * 3);

    const seen: string[] = [];
    bystander.on('post:created', ({ post: p }) => seen.push(p.title));
    await post('Still flowing');
    await eventually(() => (seen.includes('Still flowing') ? true : undefined));
    expect(bystander.connected).toBe(true);

    // Reconnecting does not buy a fresh budget: new sockets are refused for a while.
    const again = openSocket(url, reader, sockets);
    const refused = await new Promise<Error>((resolve) => again.once('connect_error', resolve));
    expect(refused.message).toBe('rate_limited');
  });
});
