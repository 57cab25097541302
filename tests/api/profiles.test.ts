import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  Answer,
  Channel,
  FeedPage,
  NotificationList,
  Post,
  ProfileResponse,
  SearchResponse,
  User,
} from '@outloud/contracts';
import { eventually, multipartBody, solidPng } from '@outloud/testkit';
import { apiWorld, type ApiWorld, type Person } from '../support/api-world.js';

describe('profile changes reach everywhere a person appears', () => {
  let world: ApiWorld;
  let dataDir: string;
  let ada: Person;
  let colleague: Person;
  let general: Channel;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'outloud-profiles-'));
    world = await apiWorld({ DATA_DIR: dataDir });
    await world.person(); // the admin
    ada = await world.person();
    colleague = await world.person();
    general = (await ada.request<{ items: Channel[] }>('GET', '/channels')).body.items.find(
      (c) => c.slug === 'general',
    )!;
  });
  afterAll(async () => {
    await world?.[Symbol.asyncDispose]();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function uploadAvatar(person: Person, image: Buffer): Promise<User> {
    const body = multipartBody([
      { name: 'file', filename: 'me.png', contentType: 'image/png', data: image },
    ]);
    const reply = await world.app.inject({
      method: 'PUT',
      url: '/api/v1/me/avatar',
      headers: {
        cookie: person.cookie,
        'x-csrf-token': person.csrfToken,
        'content-type': body.contentType,
      },
      payload: body.payload,
    });
    expect(reply.statusCode).toBe(200);
    return reply.json<{ user: User }>().user;
  }

  it('shows a new name and picture on posts, answers, search hits and the profile', async () => {
    const word = `zanzibar${Date.now().toString(36)}`;
    const post = (
      await ada.request<{ post: Post }>('POST', '/posts', {
        channelId: general.id,
        kind: 'question',
        title: `How do we ${word}?`,
        body: 'Asking for the team.',
        tags: ['onboarding'],
      })
    ).body.post;
    const answer = (
      await ada.request<{ answer: Answer }>('POST', `/posts/${post.id}/answers`, {
        body: 'Answering my own question for the record.',
      })
    ).body.answer;
    expect(post.author.avatarUrl).toBeUndefined();
    // Indexed under the old name first.
    await eventually(
      async () => {
        const hits = (await colleague.request<SearchResponse>('GET', `/search?q=${word}`)).body
          .hits;
        return hits.some((h) => h.id === post.id) ? true : undefined;
      },
      { what: 'the question to be searchable' },
    );

    const renamed = await ada.request<{ user: User }>('PATCH', '/me', {
      displayName: 'Ada Byron King',
      title: 'Analyst',
    });
    expect(renamed.status).toBe(200);
    const png = solidPng(120, 80, [0x33, 0x66, 0xcc]);
    const user = await uploadAvatar(ada, png);
    const avatarUrl = user.avatarUrl!;
    expect(avatarUrl).toMatch(/^\/api\/v1\/avatars\/[0-9a-f-]{36}\.webp$/);
    const expected = { id: ada.user.id, displayName: 'Ada Byron King', avatarUrl };

    // The profile reads identity directly: current at once.
    const profile = await colleague.request<ProfileResponse>('GET', `/users/${ada.user.handle}`);
    expect(profile.body.user).toMatchObject({ ...expected, title: 'Analyst' });

    // The feed follows the identity event.
    await eventually(
      async () => {
        const thread = await colleague.request<{ post: Post; answers: Answer[] }>(
          'GET',
          `/posts/${post.id}`,
        );
        const mine = thread.body.answers.find((a) => a.id === answer.id);
        return thread.body.post.author.avatarUrl === avatarUrl &&
          mine?.author.avatarUrl === avatarUrl
          ? thread.body
          : undefined;
      },
      { what: 'the thread to show the new name and picture' },
    ).then((thread) => {
      expect(thread.post.author).toMatchObject(expected);
      expect(thread.answers.find((a) => a.id === answer.id)?.author).toMatchObject(expected);
    });
    const feed = await colleague.request<FeedPage>('GET', `/feed?channelId=${general.id}`);
    expect(feed.body.items.find((p) => p.id === post.id)?.author).toMatchObject(expected);

    // Search hits carry the current name and picture, and the post is found by the new name.
    const hit = await eventually(
      async () => {
        const hits = (
          await colleague.request<SearchResponse>(
            'GET',
            `/search?q=${encodeURIComponent('Byron King')}`,
          )
        ).body.hits;
        const found = hits.find((h) => h.id === post.id);
        return found?.author.avatarUrl === avatarUrl ? found : undefined;
      },
      { what: 'search to find the question under the new name' },
    );
    expect(hit.author).toMatchObject(expected);

    // The picture itself is served to colleagues.
    const picture = await world.app.inject({
      method: 'GET',
      url: avatarUrl,
      headers: { cookie: colleague.cookie },
    });
    expect(picture.statusCode).toBe(200);
    expect(picture.headers['content-type']).toBe('image/webp');
  });

  it("shows a notification's actor with their current name and picture", async () => {
    const mentioner = await world.person();
    await mentioner.request('POST', '/posts', {
      channelId: general.id,
      kind: 'tip',
      title: 'Credit where due',
      body: `Thanks @${colleague.user.handle} for the pairing session.`,
      tags: [],
    });
    await eventually(
      async () => {
        const list = await colleague.request<NotificationList>('GET', '/notifications');
        return list.body.items.some((n) => n.actor?.id === mentioner.user.id) ? true : undefined;
      },
      { what: 'the mention to notify' },
    );
    await mentioner.request('PATCH', '/me', { displayName: 'Grace Renamed' });
    const user = await uploadAvatar(mentioner, solidPng(40, 40, [0xcc, 0x33, 0x33]));

    const list = await colleague.request<NotificationList>('GET', '/notifications');
    const mention = list.body.items.find((n) => n.actor?.id === mentioner.user.id);
    expect(mention?.actor).toMatchObject({
      displayName: 'Grace Renamed',
      avatarUrl: user.avatarUrl,
    });
  });

  it('shows the picture gone once it is removed', async () => {
    const person = await world.person();
    const post = (
      await person.request<{ post: Post }>('POST', '/posts', {
        channelId: general.id,
        kind: 'tip',
        title: 'A tip with a face',
        body: 'Short and useful.',
        tags: [],
      })
    ).body.post;
    const png = solidPng(32, 32, [0, 0xaa, 0]);
    const user = await uploadAvatar(person, png);
    await eventually(async () => {
      const got = await colleague.request<{ post: Post }>('GET', `/posts/${post.id}`);
      return got.body.post.author.avatarUrl === user.avatarUrl ? true : undefined;
    });
    const removed = await person.request<{ user: User }>('DELETE', '/me/avatar');
    expect(removed.body.user.avatarUrl).toBeNull();
    await eventually(
      async () => {
        const got = await colleague.request<{ post: Post }>('GET', `/posts/${post.id}`);
        return got.body.post.author.avatarUrl === undefined ? true : undefined;
      },
      { what: 'the post to show no picture' },
    );
  });
});
