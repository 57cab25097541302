import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  Answer,
  Channel,
  FeedPage,
  Post,
  PostWithAnswers,
  RevisionList,
} from '@outloud/contracts';
import { eventually } from '@outloud/testkit';
import { apiWorld, type ApiWorld, type Person } from '../support/api-world.js';

type ErrorReply = { error: { code: string; details?: { field: string }[] } };

describe('posts and answers', () => {
  let world: ApiWorld;
  let admin: Person;
  let asker: Person;
  let helper: Person;
  let third: Person;
  let general: Channel;

  beforeAll(async () => {
    world = await apiWorld();
    admin = await world.person();
    asker = await world.person();
    helper = await world.person();
    third = await world.person();
    general = (await asker.request<{ items: Channel[] }>('GET', '/channels')).body.items.find(
      (c) => c.slug === 'general',
    )!;
  });
  afterAll(async () => world?.[Symbol.asyncDispose]());

  const ask = async (by: Person, overrides: Record<string, unknown> = {}) => {
    const response = await by.request<{ post: Post }>('POST', '/posts', {
      channelId: general.id,
      kind: 'question',
      title: 'How do I rotate secrets?',
      body: 'Asking for a friend, cc @' + helper.user.handle,
      tags: ['security'],
      ...overrides,
    });
    expect(response.status).toBe(201);
    return response.body.post;
  };
  const answer = async (by: Person, postId: string, body = 'Use a vault.') => {
    const response = await by.request<{ answer: Answer }>('POST', `/posts/${postId}/answers`, {
      body,
    });
    expect(response.status).toBe(201);
    return response.body.answer;
  };

  describe('limits', () => {
    it.each([
      ['title', { title: 'x'.repeat(201) }],
      ['title', { title: '   ' }],
      ['body', { body: 'x'.repeat(40_001) }],
      ['tags', { tags: Array.from({ length: 11 }, (_, i) => `t${i}`) }],
      ['tags', { tags: ['Bad Tag'] }],
      ['kind', { kind: 'essay' }],
      ['pinnedUntil', { pinnedUntil: '2030-01-01T00:00:00Z' }],
    ])('rejects a bad %s with 400 naming the field', async (field, overrides) => {
      const response = await asker.request<ErrorReply>('POST', '/posts', {
        channelId: general.id,
        kind: 'tip',
        title: 'ok',
        body: 'ok',
        ...overrides,
      });
      expect(response.status).toBe(400);
      expect(JSON.stringify(response.body.error.details)).toContain(field);
    });
  });

  it('stores mentions and lets only L&D, managers and admins announce', async () => {
    const post = await ask(asker);
    expect(post.mentions).toEqual([helper.user.handle]);
    expect(
      (
        await asker.request('POST', '/posts', {
          channelId: general.id,
          kind: 'announcement',
          title: 'Hear ye',
          body: 'x',
        })
      ).status,
    ).toBe(403);
    await world.grantRoles(admin, third, ['member', 'ld']);
    const pinned = await third.request<{ post: Post }>('POST', '/posts', {
      channelId: general.id,
      kind: 'announcement',
      title: 'Learning week starts Monday',
      body: 'Join in.',
      pinnedUntil: new Date(Date.now() + 86_400_000).toISOString(),
    });
    expect(pinned.status).toBe(201);
    await ask(asker, { title: 'A newer question' });
    const feed = await asker.request<FeedPage>('GET', `/feed?channelId=${general.id}&limit=2`);
    expect(feed.body.items[0]?.id).toBe(pinned.body.post.id);
    expect(feed.body.items).toHaveLength(2);
    expect(feed.body.nextCursor).not.toBeNull();
    const rest = await asker.request<FeedPage>(
      'GET',
      `/feed?channelId=${general.id}&limit=100&cursor=${feed.body.nextCursor}`,
    );
    expect(rest.body.items.map((p) => p.id)).not.toContain(pinned.body.post.id);
  });

  it('keeps edit history; only the author or an admin edits', async () => {
    const post = await ask(asker);
    expect((await helper.request('PATCH', `/posts/${post.id}`, { title: 'Hijacked' })).status).toBe(
      403,
    );
    const edited = await asker.request<{ post: Post }>('PATCH', `/posts/${post.id}`, {
      title: 'How do I rotate database secrets?',
      tags: ['security', 'postgres'],
    });
    expect(edited.status).toBe(200);
    expect(edited.body.post).toMatchObject({
      title: 'How do I rotate database secrets?',
      tags: ['security', 'postgres'],
    });
    expect(
      (await admin.request('PATCH', `/posts/${post.id}`, { body: 'Moderated body' })).status,
    ).toBe(200);
    const history = await third.request<RevisionList>('GET', `/posts/${post.id}/revisions`);
    expect(history.body.items.map((r) => [r.title, r.editedBy.id])).toEqual([
      ['How do I rotate database secrets?', admin.user.id],
      ['How do I rotate secrets?', asker.user.id],
    ]);
    expect((await asker.request('PATCH', `/posts/${post.id}`, {})).status).toBe(400);
  });

  it('answers, accepts one answer at a time, and moves the acceptance', async () => {
    const post = await ask(asker);
    const first = await answer(helper, post.id, 'Rotate with **Vault**.');
    const second = await answer(third, post.id, 'Use short-lived credentials.');
    expect(first.bodyHtml).toContain('<strong>Vault</strong>');
    expect((await helper.request('POST', `/answers/${first.id}/accept`)).status).toBe(403);
    expect(
      (await asker.request<{ answer: Answer }>('POST', `/answers/${first.id}/accept`)).body.answer
        .accepted,
    ).toBe(true);
    expect(
      (await asker.request<{ answer: Answer }>('POST', `/answers/${second.id}/accept`)).body.answer
        .accepted,
    ).toBe(true);
    const read = await third.request<PostWithAnswers>('GET', `/posts/${post.id}`);
    expect(read.body.post).toMatchObject({ answerCount: 2, acceptedAnswerId: second.id });
    expect(read.body.answers.map((a) => [a.id, a.accepted])).toEqual([
      [second.id, true],
      [first.id, false],
    ]);
    const withdrawn = await asker.request<{ answer: Answer }>(
      'DELETE',
      `/answers/${second.id}/accept`,
    );
    expect(withdrawn.body.answer.accepted).toBe(false);
    expect(
      (await third.request<PostWithAnswers>('GET', `/posts/${post.id}`)).body.post.acceptedAnswerId,
    ).toBeNull();
  });

  it('refuses to accept answers to a tip (comments)', async () => {
    const tip = await ask(asker, { kind: 'tip', title: 'Rotate keys yearly' });
    const comment = await answer(helper, tip.id, 'Quarterly is better.');
    expect((await asker.request('POST', `/answers/${comment.id}/accept`)).status).toBe(409);
  });

  it('edits and deletes answers, clearing a deleted accepted answer', async () => {
    const post = await ask(asker);
    const reply = await answer(helper, post.id);
    expect((await third.request('PATCH', `/answers/${reply.id}`, { body: 'Mine' })).status).toBe(
      403,
    );
    expect(
      (
        await helper.request<{ answer: Answer }>('PATCH', `/answers/${reply.id}`, {
          body: 'Use a vault, rotate weekly.',
        })
      ).body.answer.body,
    ).toBe('Use a vault, rotate weekly.');
    await asker.request('POST', `/answers/${reply.id}/accept`);
    expect((await helper.request('DELETE', `/answers/${reply.id}`)).status).toBe(204);
    const read = await asker.request<PostWithAnswers>('GET', `/posts/${post.id}`);
    expect(read.body.post).toMatchObject({ answerCount: 0, acceptedAnswerId: null });
    expect(read.body.answers).toEqual([]);
    expect((await helper.request('PATCH', `/answers/${reply.id}`, { body: 'again' })).status).toBe(
      404,
    );
  });

  it('deletes a post for every reader, with its answers and votes', async () => {
    type Profile = { stats: { helpfulVotes: number; tips: number } };
    const profile = async () =>
      (await asker.request<Profile>('GET', `/users/${helper.user.handle}`)).body.stats;
    const before = await profile();
    const post = await ask(helper, { kind: 'tip', title: 'Soon gone', tags: ['ephemeral'] });
    await answer(third, post.id);
    await asker.request('PUT', `/posts/${post.id}/vote`, { value: 1 });
    await asker.request('PUT', `/posts/${post.id}/bookmark`);
    // Profile figures come from the search projection, a moment behind the feed.
    await eventually(
      async () => ((await profile()).helpfulVotes === before.helpfulVotes + 1 ? true : undefined),
      { what: 'the vote in the profile' },
    );
    expect((await third.request('DELETE', `/posts/${post.id}`)).status).toBe(403);
    expect((await helper.request('DELETE', `/posts/${post.id}`)).status).toBe(204);
    expect((await asker.request('GET', `/posts/${post.id}`)).status).toBe(404);
    expect((await asker.request<FeedPage>('GET', '/feed?tag=ephemeral')).body.items).toEqual([]);
    expect(
      (await asker.request<FeedPage>('GET', '/bookmarks')).body.items.map((p) => p.id),
    ).not.toContain(post.id);
    const after = await eventually(
      async () => {
        const stats = await profile();
        return stats.tips === before.tips ? stats : undefined;
      },
      { what: 'the deleted tip to leave the profile' },
    );
    expect(after.helpfulVotes).toBe(before.helpfulVotes);
    expect((await helper.request('DELETE', `/posts/${post.id}`)).status).toBe(404);
  });
  it('serves a question with many long answers, and pages of long posts, beyond one NATS message', async () => {
    const long = (seed: string) =>
      Array.from({ length: 4_000 }, (_, i) => `${seed} word ${i}`)
        .join(' ')
        .slice(0, 39_000);
    const question = await ask(asker, { body: long('question') });
    for (let i = 0; i < 16; i++)
      await answer(i % 2 ? helper : third, question.id, long(`answer ${i}`));
    const read = await asker.request<PostWithAnswers>('GET', `/posts/${question.id}`);
    expect(read.status).toBe(200);
    // As many whole answers as fit in one message; the rest follow in pages.
    const answers = [...read.body.answers];
    let cursor = read.body.answersCursor;
    while (cursor !== null) {
      const more = await asker.request<{ items: Answer[]; nextCursor: string | null }>(
        'GET',
        `/posts/${question.id}/answers?cursor=${cursor}`,
      );
      expect(more.status).toBe(200);
      answers.push(...more.body.items);
      cursor = more.body.nextCursor;
    }
    expect(answers).toHaveLength(16);
    expect(answers.every((a) => a.body.length === 39_000)).toBe(true);
    for (let i = 0; i < 12; i++)
      await ask(helper, {
        kind: 'tip',
        title: `Long tip ${i}`,
        body: long(`tip ${i}`),
        tags: ['long'],
      });
    const page = await asker.request<FeedPage>('GET', '/feed?tag=long&limit=100');
    expect(page.status).toBe(200);
    expect(page.body.items).toHaveLength(12);
    const tooLarge = await asker.request<ErrorReply>('POST', '/posts', {
      channelId: general.id,
      kind: 'tip',
      title: 'Autolinks',
      body: 'www.a '.repeat(6_000),
    });
    expect(tooLarge.status).toBe(400);
    expect(JSON.stringify(tooLarge.body.error.details)).toContain('body');
  });
});
