import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  Challenge,
  JoinedChannelList,
  FeedPage,
  PostWithAnswers,
  SearchResponse,
} from '@outloud/contracts';
import { seedDemoSpace, SeedRefusedError, type SeedSend, type SeedSummary } from '@outloud/infra';
import { eventually } from '@outloud/testkit';
import { apiWorld, type ApiWorld, type Person } from '../support/api-world.js';

describe('seedDemoSpace', () => {
  let world: ApiWorld;
  let admin: Person;
  let summary: SeedSummary;
  let send: SeedSend;

  beforeAll(async () => {
    world = await apiWorld();
    admin = await world.person();
    // The public API, through inject: the same requests the command sends over HTTP.
    send = async ({ method, path, body, auth }) => {
      const headers: Record<string, string> = {};
      if (auth && 'token' in auth) headers.authorization = `Bearer ${auth.token}`;
      else if (auth)
        Object.assign(headers, { cookie: auth.cookie, 'x-csrf-token': auth.csrfToken });
      const reply = await world.app.inject({
        method,
        url: `/api/v1${path}`,
        headers,
        ...(body === undefined ? {} : { payload: body as object }),
      });
      return {
        status: reply.statusCode,
        body: reply.body ? reply.json<unknown>() : undefined,
        cookie: reply.cookies.map((c) => `${c.name}=${c.value}`).join('; '),
      };
    };
    summary = await seedDemoSpace({
      send,
      admin: { cookie: admin.cookie, csrfToken: admin.csrfToken },
      people: 12,
      posts: 40,
    });
  }, 480_000);
  afterAll(async () => world?.[Symbol.asyncDispose]());

  it('creates people, public and private channels, posts, answers and accepted answers', async () => {
    expect(summary).toMatchObject({ people: 12, channels: 10, posts: 40 });
    expect(summary.answers).toBeGreaterThan(0);
    expect(summary.accepted).toBeGreaterThan(0);
    expect(summary.goals).toBeGreaterThan(0);

    const people = await admin.request<{ items: unknown[] }>('GET', '/admin/users?limit=50');
    expect(people.body.items).toHaveLength(13);
    const channels = await admin.request<JoinedChannelList>('GET', '/channels');
    // The admin made every channel, so it belongs to the private ones too.
    expect(channels.body.items.filter((c) => c.visibility === 'private')).toHaveLength(2);

    const feed = await admin.request<FeedPage>('GET', '/feed?limit=50&kind=question');
    const questions = feed.body.items.filter((p) => p.kind === 'question');
    expect(questions).toHaveLength(summary.questions);
    const threads = await Promise.all(
      questions.map((q) => admin.request<PostWithAnswers>('GET', `/posts/${q.id}`)),
    );
    expect(threads.flatMap((t) => t.body.answers).length).toBeGreaterThan(0);
    expect(threads.some((t) => t.body.answers.some((a) => a.accepted))).toBe(true);
  });

  it('makes seeded posts searchable', async () => {
    const feed = await admin.request<FeedPage>('GET', '/feed?limit=1&kind=tip');
    const post = feed.body.items[0];
    if (!post) throw new Error('no seeded tip in the feed');
    await eventually(
      async () => {
        const reply = await admin.request<SearchResponse>(
          'GET',
          `/search?q=${encodeURIComponent(post.title)}`,
        );
        return reply.body.hits.some((h) => h.id === post.id) ? true : undefined;
      },
      { what: `search to find "${post.title}"`, timeoutMs: 30_000 },
    );
  });

  it('leaves a 30-day challenge under way and a pinned announcement', async () => {
    const { body } = await admin.request<{ challenge: Challenge }>(
      'GET',
      `/challenges/${summary.challengeId}`,
    );
    expect(body.challenge.days).toBe(30);
    expect(body.challenge.today).toBe(7);
    const pinned = await admin.request<PostWithAnswers>(
      'GET',
      `/posts/${summary.pinnedAnnouncementId}`,
    );
    expect(pinned.body.post.kind).toBe('announcement');
    expect(Date.parse(pinned.body.post.pinnedUntil ?? '')).toBeGreaterThan(Date.now());
  });

  it('refuses a second run on an instance that has posts', async () => {
    await expect(
      seedDemoSpace({
        send,
        admin: { cookie: admin.cookie, csrfToken: admin.csrfToken },
        people: 2,
        posts: 2,
      }),
    ).rejects.toBeInstanceOf(SeedRefusedError);
  });
});
