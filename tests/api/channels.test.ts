import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel, ChannelMembersPage, FeedPage, Post } from '@outloud/contracts';
import { apiWorld, type ApiWorld, type Person } from '../support/api-world.js';

type ErrorReply = { error: { code: string; message: string; details?: { field: string }[] } };

describe('channels', () => {
  let world: ApiWorld;
  let admin: Person;
  let owner: Person;
  let outsider: Person;
  let other: Person;

  beforeAll(async () => {
    world = await apiWorld();
    admin = await world.person();
    owner = await world.person();
    outsider = await world.person();
    other = await world.person();
  });
  afterAll(async () => world?.[Symbol.asyncDispose]());

  const slug = () => `team-${Math.random().toString(36).slice(2, 10)}`;
  const create = async (
    by: Person,
    visibility: 'public' | 'private',
    extra: Record<string, unknown> = {},
  ) => {
    const response = await by.request<{ channel: Channel }>('POST', '/channels', {
      slug: slug(),
      name: 'Platform team',
      visibility,
      ...extra,
    });
    expect(response.status).toBe(201);
    return response.body.channel;
  };

  it('creates a channel with its creator as owner and only member', async () => {
    const channel = await create(owner, 'public', { description: 'Infra talk' });
    expect(channel).toMatchObject({
      name: 'Platform team',
      description: 'Infra talk',
      visibility: 'public',
      memberCount: 1,
      ownerId: owner.user.id,
      isMember: true,
    });
    const read = await outsider.request<{ channel: Channel }>('GET', `/channels/${channel.id}`);
    expect(read.body.channel).toMatchObject({ id: channel.id, isMember: false });
  });

  it('refuses a taken slug with 409 and a bad one with 400 naming the field', async () => {
    const channel = await create(owner, 'public');
    const taken = await other.request<ErrorReply>('POST', '/channels', {
      slug: channel.slug,
      name: 'Again',
      visibility: 'public',
    });
    expect(taken.status).toBe(409);
    const bad = await other.request<ErrorReply>('POST', '/channels', {
      slug: 'Not A Slug',
      name: 'x',
      visibility: 'public',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details?.map((d) => d.field)).toContain('slug');
    const noVisibility = await other.request<ErrorReply>('POST', '/channels', {
      slug: slug(),
      name: 'x',
    });
    expect(noVisibility.body.error.details?.map((d) => d.field)).toContain('visibility');
  });

  it('lets one person create at most 20 channels a day, without limiting others', async () => {
    const busy = await world.person();
    for (let i = 0; i < 20; i++) await create(busy, 'public');
    const refused = await busy.request<ErrorReply>('POST', '/channels', {
      slug: slug(),
      name: 'One too many',
      visibility: 'public',
    });
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('rate_limited');
    await create(other, 'public');
  });

  it('lets people join and leave public channels', async () => {
    const channel = await create(owner, 'public');
    expect((await other.request('POST', `/channels/${channel.id}/join`)).status).toBe(204);
    expect((await other.request('POST', `/channels/${channel.id}/join`)).status).toBe(204);
    expect(
      (await other.request<{ channel: Channel }>('GET', `/channels/${channel.id}`)).body.channel,
    ).toMatchObject({ memberCount: 2, isMember: true });
    expect((await other.request('POST', `/channels/${channel.id}/leave`)).status).toBe(204);
    expect(
      (await other.request<{ channel: Channel }>('GET', `/channels/${channel.id}`)).body.channel
        .memberCount,
    ).toBe(1);
    expect((await owner.request('POST', `/channels/${channel.id}/leave`)).status).toBe(409);
  });

  it('keeps a private channel and everything in it invisible to non-members', async () => {
    const secret = await create(owner, 'private');
    const { body } = await owner.request<{ post: Post }>('POST', '/posts', {
      channelId: secret.id,
      kind: 'question',
      title: 'Secret plan?',
      body: 'Hush.',
      tags: ['secret'],
    });
    const post = body.post;

    expect(
      (await outsider.request<{ items: Channel[] }>('GET', '/channels')).body.items.map(
        (c) => c.id,
      ),
    ).not.toContain(secret.id);
    for (const [method, url, payload] of [
      ['GET', `/channels/${secret.id}`, undefined],
      ['GET', `/channels/${secret.id}/members`, undefined],
      ['POST', `/channels/${secret.id}/join`, undefined],
      ['GET', `/feed?channelId=${secret.id}`, undefined],
      ['GET', `/posts/${post.id}`, undefined],
      ['GET', `/posts/${post.id}/revisions`, undefined],
      ['POST', `/posts/${post.id}/answers`, { body: 'Let me in' }],
      ['PUT', `/posts/${post.id}/vote`, { value: 1 }],
      ['PUT', `/posts/${post.id}/bookmark`, undefined],
      ['PATCH', `/posts/${post.id}`, { title: 'Mine now' }],
      ['DELETE', `/posts/${post.id}`, undefined],
      ['PUT', '/follows', { targetType: 'channel', target: secret.id }],
      ['POST', '/posts', { channelId: secret.id, kind: 'tip', title: 'x', body: 'y' }],
    ] as const) {
      const response = await outsider.request(method, url, payload);
      expect({ method, url, status: response.status }).toEqual({ method, url, status: 404 });
    }
    for (const url of [
      '/feed?tag=secret',
      '/feed?sort=top',
      '/feed?sort=unanswered',
      `/feed?author=${owner.user.handle}`,
      '/feed',
    ]) {
      const page = await outsider.request<FeedPage>('GET', url);
      expect(page.body.items.map((p) => p.id)).not.toContain(post.id);
    }
  });

  it('lets the owner (and an admin) manage the members of a private channel', async () => {
    const secret = await create(owner, 'private');
    expect(
      (await other.request('POST', `/channels/${secret.id}/members`, { userId: outsider.user.id }))
        .status,
    ).toBe(404);
    expect(
      (await owner.request('POST', `/channels/${secret.id}/members`, { userId: other.user.id }))
        .status,
    ).toBe(204);
    // A member who is not the owner still cannot add people, and nobody can "join" a private channel.
    expect(
      (await other.request('POST', `/channels/${secret.id}/members`, { userId: outsider.user.id }))
        .status,
    ).toBe(403);
    expect((await other.request('POST', `/channels/${secret.id}/join`)).status).toBe(403);
    expect(
      (
        await owner.request('POST', `/channels/${secret.id}/members`, {
          userId: '00000000-0000-4000-8000-000000000000',
        })
      ).status,
    ).toBe(404);

    const seen = await other.request<{ channel: Channel }>('GET', `/channels/${secret.id}`);
    expect(seen.body.channel).toMatchObject({ memberCount: 2, isMember: true });
    const members = await owner.request<ChannelMembersPage>(
      'GET',
      `/channels/${secret.id}/members?limit=1`,
    );
    expect(members.body.items).toEqual([
      expect.objectContaining({
        role: 'owner',
        user: expect.objectContaining({ id: owner.user.id }),
      }),
    ]);
    const next = await owner.request<ChannelMembersPage>(
      'GET',
      `/channels/${secret.id}/members?limit=1&cursor=${members.body.nextCursor}`,
    );
    expect(next.body.items.map((m) => m.user.handle)).toEqual([other.user.handle]);
    expect(next.body.nextCursor).toBeNull();

    expect(
      (await admin.request('POST', `/channels/${secret.id}/members`, { userId: outsider.user.id }))
        .status,
    ).toBe(204);
    expect(
      (await owner.request('DELETE', `/channels/${secret.id}/members/${outsider.user.id}`)).status,
    ).toBe(204);
    expect((await outsider.request('GET', `/channels/${secret.id}`)).status).toBe(404);
    expect(
      (await owner.request('DELETE', `/channels/${secret.id}/members/${owner.user.id}`)).status,
    ).toBe(409);
  });

  it('lets only the owner or an admin edit a channel', async () => {
    const channel = await create(owner, 'public');
    expect((await other.request('PATCH', `/channels/${channel.id}`, { name: 'Mine' })).status).toBe(
      403,
    );
    const renamed = await owner.request<{ channel: Channel }>('PATCH', `/channels/${channel.id}`, {
      name: 'Platform',
      description: 'Infra',
    });
    expect(renamed.body.channel).toMatchObject({ name: 'Platform', description: 'Infra' });
    expect(
      (await admin.request('PATCH', `/channels/${channel.id}`, { visibility: 'private' })).status,
    ).toBe(200);
    expect((await other.request('GET', `/channels/${channel.id}`)).status).toBe(404);
    expect((await owner.request('PATCH', `/channels/${channel.id}`, {})).status).toBe(400);
  });
});
