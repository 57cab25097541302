import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import type {
  Channel,
  ClientToServerEvents,
  Post,
  SearchResponse,
  ServerToClientEvents,
} from '@outloud/contracts';
import { eventually } from '@outloud/testkit';
import { ApiClient } from '../support/api-client.js';
import { startTestStack, type TestStack } from '../support/stack.js';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

function connectSocket(
  url: string,
  auth: { cookie?: string; token?: string },
): Promise<ClientSocket> {
  const socket: ClientSocket = io(url, {
    path: '/socket.io',
    transports: ['websocket'],
    extraHeaders: auth.cookie ? { cookie: auth.cookie } : undefined,
    auth: auth.token ? { token: auth.token } : undefined,
    reconnection: false,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => reject(error));
  });
}

describe('one post, end to end', () => {
  let world: TestStack;
  let author: ApiClient;
  let reader: ApiClient;
  let general: Channel;

  beforeAll(async () => {
    world = await startTestStack();
    author = new ApiClient(world.url);
    reader = new ApiClient(world.url);
    await author.register();
    await reader.register();
    const channels = await reader.request<{ items: Channel[] }>('GET', '/channels');
    general = channels.body.items.find((c) => c.slug === 'general')!;
  });

  afterAll(async () => {
    await world?.[Symbol.asyncDispose]();
  });

  const search = async (client: ApiClient, q: string) =>
    (await client.request<SearchResponse>('GET', `/search?q=${encodeURIComponent(q)}`)).body;

  it('stores a tip, pushes it live to a subscribed socket and makes it searchable', async () => {
    const socket = await connectSocket(world.url, { cookie: reader.cookie });
    try {
      const live = new Promise<Post>((resolve) =>
        socket.on('post:created', ({ post }) => resolve(post)),
      );
      const subscribed = new Promise<void>((resolve, reject) => {
        socket.once('error', (e) => reject(new Error(e.message)));
        socket.emit('channel:subscribe', { channelId: general.id });
        // The room join has no acknowledgement in the API; give it a moment to land.
        setTimeout(resolve, 200);
      });
      await subscribed;

      const created = await author.request<{ post: Post }>('POST', '/posts', {
        channelId: general.id,
        kind: 'tip',
        title: 'Flame graphs show where Node spends its time',
        body: 'Run `node --prof` or use **0x** to record a flamegraph.',
        tags: ['nodejs', 'performance'],
      });
      expect(created.status).toBe(201);
      const post = created.body.post;
      expect(post.author.handle).toBe(author.user!.handle);
      expect(post.bodyHtml).toContain('<strong>0x</strong>');

      expect((await live).id).toBe(post.id);

      const found = await eventually(
        async () => {
          const result = await search(reader, 'flamegrahp');
          return result.hits.find((h) => h.id === post.id);
        },
        { timeoutMs: 15_000, what: 'the post to be searchable' },
      );
      expect(found.snippet).toContain('<mark>');

      const read = await reader.request<{ post: Post }>('GET', `/posts/${post.id}`);
      expect(read.body.post).toEqual(post);
      const feed = await reader.request<{ items: Post[] }>('GET', `/feed?channelId=${general.id}`);
      expect(feed.body.items[0]?.id).toBe(post.id);
    } finally {
      socket.disconnect();
    }
  });

  it('accepts an API token on sockets and refuses unknown subscriptions with an error event', async () => {
    const { body } = await reader.request<{ token: string }>('POST', '/tokens', { name: 'e2e' });
    const socket = await connectSocket(world.url, { token: body.token });
    try {
      const error = new Promise<{ code: string }>((resolve) => socket.once('error', resolve));
      socket.emit('channel:subscribe', { channelId: '00000000-0000-4000-8000-000000000000' });
      expect((await error).code).toBe('channel_not_found');
    } finally {
      socket.disconnect();
    }
  });

  it('answers bad input with a 4xx in the API error format, never a 500', async () => {
    const cases: [string, string, unknown, number][] = [
      ['POST', '/posts', { channelId: 'nope', kind: 'tip', title: 't', body: 'b' }, 400],
      ['POST', '/posts', { channelId: general.id, kind: 'poem', title: 't', body: 'b' }, 400],
      ['POST', '/posts', { channelId: general.id, kind: 'tip', title: '', body: 'b' }, 400],
      [
        'POST',
        '/posts',
        { channelId: general.id, kind: 'tip', title: 't', body: 'b', tags: ['NoCaps'] },
        400,
      ],
      [
        'POST',
        '/posts',
        { channelId: general.id, kind: 'tip', title: 't', body: 'b'.repeat(40_001) },
        400,
      ],
      [
        'POST',
        '/posts',
        { channelId: '00000000-0000-4000-8000-000000000000', kind: 'tip', title: 't', body: 'b' },
        404,
      ],
      [
        'POST',
        '/posts',
        { channelId: general.id, kind: 'announcement', title: 't', body: 'b' },
        403,
      ],
      ['GET', '/posts/not-a-uuid', undefined, 400],
      ['GET', '/posts/00000000-0000-4000-8000-000000000000', undefined, 404],
      ['GET', '/feed?limit=1000', undefined, 400],
      ['GET', '/feed?cursor=garbage', undefined, 400],
      ['GET', '/feed?sort=sideways', undefined, 400],
      ['GET', '/search', undefined, 400],
      ['GET', `/search?q=${'x'.repeat(201)}`, undefined, 400],
      ['GET', '/search?q=x&channelId=%22%20OR%201', undefined, 400],
    ];
    for (const [method, path, body, status] of cases) {
      // Reader is a member (not admin), so the announcement is refused.
      const response = await reader.request<{ error?: { code: string; message: string } }>(
        method,
        path,
        body,
      );
      expect({ method, path, status: response.status }).toEqual({ method, path, status });
      expect(response.body.error?.code).toMatch(/^[a-z_]+$/);
      expect(response.body.error?.message).toBeTruthy();
    }
    const anonymous = new ApiClient(world.url);
    expect((await anonymous.request('GET', '/feed')).status).toBe(401);
    expect((await anonymous.request('GET', '/search?q=x')).status).toBe(401);
  });

  it('documents every route in the OpenAPI document', async () => {
    const response = await fetch(`${world.url}/api/docs/json`);
    const doc = (await response.json()) as { paths: Record<string, unknown> };
    for (const path of [
      '/api/v1/auth/register',
      '/api/v1/auth/login',
      '/api/v1/auth/logout',
      '/api/v1/me',
      '/api/v1/tokens',
      '/api/v1/users/{handle}',
      '/api/v1/admin/users/{id}',
      '/api/v1/channels',
      '/api/v1/posts',
      '/api/v1/posts/{id}',
      '/api/v1/feed',
      '/api/v1/search',
    ]) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
  });

  it('stops live updates of a private channel for someone removed from it', async () => {
    const channel = (
      await author.request<{ channel: Channel }>('POST', '/channels', {
        slug: `private-${Date.now()}`,
        name: 'Private',
        visibility: 'private',
      })
    ).body.channel;
    expect(
      (await author.request('POST', `/channels/${channel.id}/members`, { userId: reader.user!.id }))
        .status,
    ).toBe(204);
    const socket = await connectSocket(world.url, { cookie: reader.cookie });
    try {
      const received: string[] = [];
      socket.on('post:created', ({ post }) => received.push(post.title));
      socket.emit('channel:subscribe', { channelId: channel.id });
      socket.emit('channel:subscribe', { channelId: general.id });
      await new Promise((r) => setTimeout(r, 200));
      const post = (title: string) =>
        author.request('POST', '/posts', {
          channelId: channel.id,
          kind: 'tip',
          title,
          body: 'Members only.',
        });
      await post('Before removal');
      await eventually(() => (received.includes('Before removal') ? true : undefined), {
        what: 'the first live post',
      });

      expect(
        (await author.request('DELETE', `/channels/${channel.id}/members/${reader.user!.id}`))
          .status,
      ).toBe(204);
      await new Promise((r) => setTimeout(r, 500));
      await post('After removal');
      // A public post afterwards shows the socket is alive and events still flow to it.
      await author.request('POST', '/posts', {
        channelId: general.id,
        kind: 'tip',
        title: 'Public after removal',
        body: 'For all.',
      });
      await eventually(() => (received.includes('Public after removal') ? true : undefined), {
        what: 'the public post',
      });
      expect(received.filter((t) => t !== 'Public after removal')).toEqual(['Before removal']);
    } finally {
      socket.disconnect();
    }
  });

  it('refuses a browser socket from another site', async () => {
    const socket: ClientSocket = io(world.url, {
      path: '/socket.io',
      transports: ['websocket'],
      extraHeaders: { cookie: reader.cookie, origin: 'https://elsewhere.example' },
      reconnection: false,
    });
    const outcome = await new Promise<string>((resolve) => {
      socket.once('connect', () => resolve('connected'));
      socket.once('connect_error', () => resolve('refused'));
    });
    socket.disconnect();
    expect(outcome).toBe('refused');
  });

  it('closes the sockets of a session when it signs out', async () => {
    const leaver = new ApiClient(world.url);
    await leaver.register();
    const socket = await connectSocket(world.url, { cookie: leaver.cookie });
    const closed = new Promise<string>((resolve) =>
      socket.once('disconnect', (reason) => resolve(reason)),
    );
    expect((await leaver.request('POST', '/auth/logout')).status).toBe(204);
    expect(await closed).toBe('io server disconnect');
    await expect(connectSocket(world.url, { cookie: leaver.cookie })).rejects.toThrow(
      /unauthenticated/,
    );
  });

  it('refuses a socket without credentials', async () => {
    await expect(connectSocket(world.url, {})).rejects.toThrow(/unauthenticated/);
  });

  it('indexes every post made while the search service was killed once it is back', async () => {
    await world.stack.kill('search', 'SIGKILL');
    const titles = [
      'Kubernetes probes explained',
      'Readiness probes versus liveness probes',
      'Startup probes for slow apps',
    ];
    const ids: string[] = [];
    for (const title of titles) {
      const created = await author.request<{ post: Post }>('POST', '/posts', {
        channelId: general.id,
        kind: 'tip',
        title,
        body: `${title} — notes.`,
      });
      expect(created.status).toBe(201);
      ids.push(created.body.post.id);
    }
    // Search is down: the API says so in its error format instead of failing opaquely.
    const down = await reader.request<{ error: { code: string } }>('GET', '/search?q=probes');
    expect(down.status).toBe(503);
    expect(down.body.error.code).toBe('unavailable');

    await world.stack.restart('search');
    await eventually(
      async () => {
        const result = await search(reader, 'probes');
        const seen = new Set(result.hits.map((h) => h.id));
        return ids.every((id) => seen.has(id)) ? true : undefined;
      },
      { timeoutMs: 40_000, what: 'every post made during the outage to be indexed' },
    );
  });
});
