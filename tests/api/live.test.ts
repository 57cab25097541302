import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Answer, Channel, Post, ServerToClientEvents } from '@outloud/contracts';
import { apiWorld, type ApiWorld, type Person } from '../support/api-world.js';
import { connected, openSocket, type ClientSocket } from '../support/sockets.js';

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

  const connect = (who: Person) => connected(openSocket(url, who, sockets));
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

  /** Every item from `since` on, reading page after page as a client does. */
  const catchUp = async (who: Person, since: string, query = '') => {
    type Page = {
      items: { event: string; data: unknown }[];
      nextCursor: string | null;
      reset: boolean;
    };
    const pages: { items: Page['items']; bytes: number }[] = [];
    for (let cursor: string | null = since; cursor;) {
      const page: { status: number; body: Page } = await who.request<Page>(
        'GET',
        `/live/events?since=${cursor}${query}`,
      );
      expect(page.status).toBe(200);
      expect(page.body.reset).toBe(false);
      pages.push({ items: page.body.items, bytes: Buffer.byteLength(JSON.stringify(page.body)) });
      cursor = page.body.nextCursor;
    }
    return pages;
  };
  /** The stream position from which a new socket receives events (sent on connection). */
  const cursorNow = async (who: Person) => {
    const socket = openSocket(url, who, sockets);
    return new Promise<string>((resolve) => socket.once('live:cursor', (p) => resolve(p.cursor)));
  };

  it('never replays the text of an answer deleted since, whatever the page size', async () => {
    const since = await cursorNow(owner);
    const question = await post(secret.id, 'A question with a regretted answer');
    const regretted = await owner.request<{ answer: Answer }>(
      'POST',
      `/posts/${question.id}/answers`,
      { body: 'Regretted answer: the password is hunter2' },
    );
    await owner.request('POST', `/posts/${question.id}/answers`, { body: 'A kept answer' });
    expect((await owner.request('DELETE', `/answers/${regretted.body.answer.id}`)).status).toBe(
      204,
    );
    await settle();
    for (const limit of ['', '&limit=1', '&limit=2']) {
      const replay = JSON.stringify(await catchUp(owner, since, limit));
      expect(replay).not.toContain('hunter2');
      expect(replay).toContain('A kept answer');
    }
  });

  it('never replays a version edited since (a secret removed by an edit stays removed)', async () => {
    const since = await cursorNow(owner);
    const question = await post(secret.id, 'Connecting to staging, token is swordfish');
    const answered = await owner.request<{ answer: Answer }>(
      'POST',
      `/posts/${question.id}/answers`,
      { body: 'Use the key marlin for now' },
    );
    const edited = await owner.request('PATCH', `/posts/${question.id}`, {
      title: 'Connecting to staging',
      body: 'Ask the platform team for a token.',
    });
    expect(edited.status).toBe(200);
    const answerEdit = await owner.request('PATCH', `/answers/${answered.body.answer.id}`, {
      body: 'Ask the platform team for a key.',
    });
    expect(answerEdit.status).toBe(200);
    await settle();
    for (const limit of ['', '&limit=1', '&limit=2', '&limit=3']) {
      const items = (await catchUp(owner, since, limit)).flatMap((page) => page.items);
      const replay = JSON.stringify(items);
      expect(replay).not.toContain('swordfish');
      expect(replay).not.toContain('marlin');
      // The creation is still told (without its text), and the current version follows it.
      expect(items.map((item) => item.event)).toContain('post:created');
      expect(replay).toContain('Ask the platform team for a token.');
    }
  });

  it('caps catch-up pages in bytes, with excerpts of long bodies, and pages on to the end', async () => {
    const since = await cursorNow(owner);
    const long = '漢'.repeat(5_000);
    const titles: string[] = [];
    for (let i = 0; i < 24; i++) {
      const created = await owner.request<{ post: Post }>('POST', '/posts', {
        channelId: secret.id,
        kind: 'tip',
        title: `Long tip ${i}`,
        body: long,
      });
      expect(created.status).toBe(201);
      titles.push(created.body.post.title);
    }
    await settle();
    const pages = await catchUp(owner, since, '&limit=500');
    expect(pages.length).toBeGreaterThan(1);
    for (const page of pages) expect(page.bytes).toBeLessThanOrEqual(260 * 1024);
    const created = pages
      .flatMap((p) => p.items)
      .filter((item) => item.event === 'post:created')
      .map((item) => (item.data as { post: Post & { truncated?: boolean } }).post);
    expect(created.map((p) => p.title)).toEqual(titles);
    for (const p of created) {
      expect(p.truncated).toBe(true);
      expect(p.body).toHaveLength(2_000);
    }
  });
});
