import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  Answer,
  Channel,
  FeedPage,
  FollowList,
  Post,
  PostWithAnswers,
} from '@outloud/contracts';
import { apiWorld, type ApiWorld, type Person } from '../support/api-world.js';

describe('votes, bookmarks and follows', () => {
  let world: ApiWorld;
  let author: Person;
  let reader: Person;
  let general: Channel;

  beforeAll(async () => {
    world = await apiWorld();
    await world.person(); // the admin
    author = await world.person();
    reader = await world.person();
    general = (await reader.request<{ items: Channel[] }>('GET', '/channels')).body.items.find(
      (c) => c.slug === 'general',
    )!;
  });
  afterAll(async () => world?.[Symbol.asyncDispose]());

  const post = async (by: Person, overrides: Record<string, unknown> = {}) =>
    (
      await by.request<{ post: Post }>('POST', '/posts', {
        channelId: general.id,
        kind: 'tip',
        title: 'Cache npm in CI',
        body: 'Saves minutes.',
        ...overrides,
      })
    ).body.post;

  it("counts one helpful vote per person, idempotently, and never one's own", async () => {
    const tip = await post(author);
    expect((await reader.request('PUT', `/posts/${tip.id}/vote`, { value: 1 })).body).toEqual({
      score: 1,
    });
    expect((await reader.request('PUT', `/posts/${tip.id}/vote`, { value: 1 })).body).toEqual({
      score: 1,
    });
    expect(
      (await reader.request<PostWithAnswers>('GET', `/posts/${tip.id}`)).body.post,
    ).toMatchObject({ score: 1, viewer: { voted: true } });
    expect((await reader.request('PUT', `/posts/${tip.id}/vote`, { value: 0 })).body).toEqual({
      score: 0,
    });
    expect((await reader.request('PUT', `/posts/${tip.id}/vote`, { value: 0 })).body).toEqual({
      score: 0,
    });
    expect((await author.request('PUT', `/posts/${tip.id}/vote`, { value: 1 })).status).toBe(403);
    expect((await reader.request('PUT', `/posts/${tip.id}/vote`, { value: 2 })).status).toBe(400);
  });

  it('keeps the score exact under many concurrent votes', async () => {
    const tip = await post(author, { title: 'Popular tip' });
    const voters = await Promise.all(Array.from({ length: 24 }, () => world.person()));
    // Each person votes twice at once and one of them also takes it back: 23 votes remain.
    const results = await Promise.all(
      voters.flatMap((v) => [
        v.request('PUT', `/posts/${tip.id}/vote`, { value: 1 }),
        v.request('PUT', `/posts/${tip.id}/vote`, { value: 1 }),
      ]),
    );
    expect(results.map((r) => r.status).filter((s) => s !== 200)).toEqual([]);
    await voters[0]!.request('PUT', `/posts/${tip.id}/vote`, { value: 0 });
    expect((await reader.request<PostWithAnswers>('GET', `/posts/${tip.id}`)).body.post.score).toBe(
      23,
    );
  });

  it('votes on answers', async () => {
    const question = await post(reader, { kind: 'question', title: 'Why is CI slow?' });
    const reply = (
      await author.request<{ answer: Answer }>('POST', `/posts/${question.id}/answers`, {
        body: 'No cache.',
      })
    ).body.answer;
    expect((await reader.request('PUT', `/answers/${reply.id}/vote`, { value: 1 })).body).toEqual({
      score: 1,
    });
    expect((await author.request('PUT', `/answers/${reply.id}/vote`, { value: 1 })).status).toBe(
      403,
    );
    const read = await reader.request<PostWithAnswers>('GET', `/posts/${question.id}`);
    expect(read.body.answers[0]).toMatchObject({ score: 1, viewer: { voted: true } });
    expect(
      (
        await reader.request('PUT', '/answers/00000000-0000-4000-8000-000000000000/vote', {
          value: 1,
        })
      ).status,
    ).toBe(404);
  });

  it('bookmarks posts and lists them newest bookmark first', async () => {
    const one = await post(author, { title: 'One' });
    const two = await post(author, { title: 'Two' });
    expect((await reader.request('PUT', `/posts/${two.id}/bookmark`)).status).toBe(204);
    expect((await reader.request('PUT', `/posts/${one.id}/bookmark`)).status).toBe(204);
    expect((await reader.request('PUT', `/posts/${one.id}/bookmark`)).status).toBe(204);
    const page = await reader.request<FeedPage>('GET', '/bookmarks?limit=1');
    expect(page.body.items.map((p) => p.id)).toEqual([one.id]);
    const next = await reader.request<FeedPage>(
      'GET',
      `/bookmarks?limit=1&cursor=${page.body.nextCursor}`,
    );
    expect(next.body.items.map((p) => p.id)).toEqual([two.id]);
    expect((await reader.request('DELETE', `/posts/${one.id}/bookmark`)).status).toBe(204);
    expect(
      (await reader.request<FeedPage>('GET', '/bookmarks')).body.items.map((p) => p.id),
    ).toEqual([two.id]);
  });

  it('builds the following feed from followed channels, tags and people', async () => {
    const follower = await world.person();
    const channel = (
      await author.request<{ channel: Channel }>('POST', '/channels', {
        slug: `ops-${Date.now()}`,
        name: 'Ops',
        visibility: 'public',
      })
    ).body.channel;
    const inChannel = await post(author, { channelId: channel.id, title: 'From the ops channel' });
    const tagged = await post(reader, { title: 'Tagged rust', tags: ['rust'] });
    const byAuthor = await post(author, { title: 'By a followed person' });
    await post(reader, { title: 'Unrelated' });

    expect(
      (await follower.request('PUT', '/follows', { targetType: 'channel', target: channel.id }))
        .status,
    ).toBe(204);
    expect(
      (await follower.request('PUT', '/follows', { targetType: 'tag', target: 'rust' })).status,
    ).toBe(204);
    expect(
      (await follower.request('PUT', '/follows', { targetType: 'user', target: author.user.id }))
        .status,
    ).toBe(204);
    const following = await follower.request<FeedPage>('GET', '/feed?following=true&limit=100');
    const ids = following.body.items.map((p) => p.id);
    expect(ids).toEqual(expect.arrayContaining([inChannel.id, tagged.id, byAuthor.id]));
    expect(
      following.body.items.every(
        (p) =>
          p.channelId === channel.id || p.tags.includes('rust') || p.author.id === author.user.id,
      ),
    ).toBe(true);

    const list = await follower.request<FollowList>('GET', '/follows');
    expect(list.body.items.map((f) => f.targetType).sort()).toEqual(['channel', 'tag', 'user']);
    expect(
      (await follower.request('DELETE', '/follows', { targetType: 'tag', target: 'rust' })).status,
    ).toBe(204);
    expect(
      (await follower.request<FeedPage>('GET', '/feed?following=true&limit=100')).body.items.map(
        (p) => p.id,
      ),
    ).not.toContain(tagged.id);
  });

  it('refuses bad follow targets', async () => {
    expect(
      (await reader.request('PUT', '/follows', { targetType: 'tag', target: 'Not A Tag' })).status,
    ).toBe(400);
    expect(
      (
        await reader.request('PUT', '/follows', {
          targetType: 'user',
          target: '00000000-0000-4000-8000-000000000000',
        })
      ).status,
    ).toBe(404);
    expect(
      (await reader.request('PUT', '/follows', { targetType: 'user', target: reader.user.id }))
        .status,
    ).toBe(400);
    expect(
      (await reader.request('PUT', '/follows', { targetType: 'planet', target: 'mars' })).status,
    ).toBe(400);
    expect(
      (await reader.request('PUT', '/follows', { targetType: 'channel', target: 'general' }))
        .status,
    ).toBe(400);
  });
});
