import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel, DirectoryPage, JoinedChannelList, Post } from '@outloud/contracts';
import { apiWorld, type ApiWorld, type Person } from '../support/api-world.js';

type ErrorReply = { error: { code: string } };

describe('channels at company scale', () => {
  let world: ApiWorld;
  let admin: Person;
  let ada: Person;
  let bob: Person;

  beforeAll(async () => {
    world = await apiWorld();
    admin = await world.person();
    ada = await world.person();
    bob = await world.person();
  });
  afterAll(async () => world?.[Symbol.asyncDispose]());

  const word = () => Math.random().toString(36).slice(2, 10);
  const create = async (by: Person, name: string, visibility: 'public' | 'private' = 'public') => {
    const response = await by.request<{ channel: Channel }>('POST', '/channels', {
      slug: `c-${word()}`,
      name,
      visibility,
    });
    expect(response.status).toBe(201);
    return response.body.channel;
  };
  const post = async (by: Person, channelId: string) => {
    const response = await by.request<{ post: Post }>('POST', '/posts', {
      channelId,
      kind: 'tip',
      title: 'Pair on reviews',
      body: 'It helps.',
    });
    expect(response.status).toBe(201);
    return response.body.post;
  };
  const mine = async (person: Person) => {
    const response = await person.request<JoinedChannelList>('GET', '/channels/mine');
    expect(response.status).toBe(200);
    return response.body.items;
  };

  it('lists the joined channels with unread counts; reading and starring change them', async () => {
    const team = await create(admin, `Team ${word()}`);
    const other = await create(admin, `Other ${word()}`);
    expect((await ada.request('POST', `/channels/${team.id}/join`)).status).toBe(204);
    const first = await post(bob, team.id);
    await post(bob, team.id);
    await post(bob, other.id);

    let items = await mine(ada);
    expect(items.some((c) => c.id === other.id)).toBe(false);
    expect(items.find((c) => c.id === team.id)).toMatchObject({
      unreadCount: 2,
      starred: false,
      isMember: true,
    });

    expect(
      (await ada.request('POST', `/channels/${team.id}/read`, { postId: first.id })).status,
    ).toBe(204);
    expect((await mine(ada)).find((c) => c.id === team.id)?.unreadCount).toBe(1);
    // No body: read up to now.
    expect((await ada.request('POST', `/channels/${team.id}/read`)).status).toBe(204);
    expect((await mine(ada)).find((c) => c.id === team.id)?.unreadCount).toBe(0);

    expect((await ada.request('PUT', `/channels/${team.id}/star`)).status).toBe(204);
    items = await mine(ada);
    expect(items[0]).toMatchObject({ id: team.id, starred: true });
    expect((await ada.request('DELETE', `/channels/${team.id}/star`)).status).toBe(204);
    expect((await mine(ada)).find((c) => c.id === team.id)?.starred).toBe(false);
  });

  it('answers 409 for starring a channel not joined, 404 for a hidden one, 400 for bad input', async () => {
    const open = await create(admin, `Open ${word()}`);
    const secret = await create(admin, `Secret ${word()}`, 'private');
    const star = await ada.request<ErrorReply>('PUT', `/channels/${open.id}/star`);
    expect(star.status).toBe(409);
    expect(star.body.error.code).toBe('conflict');
    const hidden = await ada.request<ErrorReply>('POST', `/channels/${secret.id}/read`, {});
    expect(hidden.status).toBe(404);
    const bad = await ada.request<ErrorReply>('POST', `/channels/${open.id}/read`, {
      postId: 'nope',
    });
    expect(bad.status).toBe(400);
    const sort = await ada.request<ErrorReply>('GET', '/channels/directory?sort=size');
    expect(sort.status).toBe(400);
  });

  it('searches, sorts and pages the directory, without private channels of others', async () => {
    const tag = word();
    const quiet = await create(admin, `Quiet ${tag}`);
    const lively = await create(admin, `Lively ${tag}`);
    const secret = await create(admin, `Hidden ${tag}`, 'private');
    await post(admin, lively.id);
    await bob.request('POST', `/channels/${quiet.id}/join`);

    const page = async (query: string) => {
      const response = await ada.request<DirectoryPage>('GET', `/channels/directory?${query}`);
      expect(response.status).toBe(200);
      return response.body;
    };
    const byActivity = await page(`q=${tag.toUpperCase()}&sort=activity`);
    expect(byActivity.items.map((c) => c.id)).toEqual([lively.id, quiet.id]);
    expect(byActivity.items[0]).toMatchObject({ isMember: false, memberCount: 1 });
    expect(byActivity.items[0]?.lastPostAt).not.toBeNull();
    expect(byActivity.items.some((c) => c.id === secret.id)).toBe(false);

    const byMembers = await page(`q=${tag}&sort=members`);
    expect(byMembers.items.map((c) => c.id)).toEqual([quiet.id, lively.id]);

    const first = await page(`q=${tag}&sort=name&limit=1`);
    expect(first.items.map((c) => c.id)).toEqual([lively.id]);
    expect(first.nextCursor).not.toBeNull();
    const second = await page(
      `q=${tag}&sort=name&limit=1&cursor=${encodeURIComponent(first.nextCursor!)}`,
    );
    expect(second.items.map((c) => c.id)).toEqual([quiet.id]);
    expect(second.nextCursor).toBeNull();

    const adminView = await admin.request<DirectoryPage>(
      'GET',
      `/channels/directory?q=${tag}&sort=name`,
    );
    expect(adminView.body.items.map((c) => c.id)).toContain(secret.id);
  });

  it('keeps GET /channels as it was, plus the channel settings for reviews and routing', async () => {
    const response = await ada.request<{ items: Channel[] }>('GET', '/channels');
    expect(response.status).toBe(200);
    expect(response.body.items.length).toBeGreaterThan(0);
    expect(Object.keys(response.body.items[0]!).sort()).toEqual(
      [
        'createdAt',
        'description',
        'expertRoutingMinutes',
        'id',
        'isMember',
        'memberCount',
        'name',
        'ownerId',
        'reviewPeriodDays',
        'slug',
        'visibility',
      ].sort(),
    );
  });
});
