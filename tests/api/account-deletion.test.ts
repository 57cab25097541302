import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Answer, Channel, Post } from '@outloud/contracts';
import { eventually } from '@outloud/testkit';
import { apiWorld, type ApiWorld, type Person } from '../support/api-world.js';

type Deleted = { user: { id: string; handle: string; displayName: string } };
type Hit = { id: string; author: { id: string; handle: string; displayName: string } };

describe('personal export and account deletion', () => {
  let world: ApiWorld;
  let admin: Person;
  let leaver: Person;
  let colleague: Person;
  let general: Channel;
  let tip: Post;
  let answer: Answer;

  beforeAll(async () => {
    world = await apiWorld();
    admin = await world.person();
    leaver = await world.person();
    colleague = await world.person();
    general = (await leaver.request<{ items: Channel[] }>('GET', '/channels')).body.items.find(
      (c) => c.slug === 'general',
    )!;
    tip = (
      await leaver.request<{ post: Post }>('POST', '/posts', {
        channelId: general.id,
        kind: 'tip',
        title: 'Zanzibarian flamegraphs for slow builds',
        body: 'Record with `perf`, fold the stacks.',
        tags: ['builds'],
      })
    ).body.post;
    const question = (
      await colleague.request<{ post: Post }>('POST', '/posts', {
        channelId: general.id,
        kind: 'question',
        title: 'Where are the release notes?',
        body: 'Asking for the team.',
      })
    ).body.post;
    answer = (
      await leaver.request<{ answer: Answer }>('POST', `/posts/${question.id}/answers`, {
        body: 'In the wiki under Releases.',
      })
    ).body.answer;
    expect((await leaver.request('PUT', `/posts/${question.id}/vote`, { value: 1 })).status).toBe(
      200,
    );
    expect((await leaver.request('PUT', `/posts/${question.id}/bookmark`)).status).toBe(204);
    expect(
      (await leaver.request('POST', '/goals', { title: 'Speed up builds', why: 'CI is slow' }))
        .status,
    ).toBe(201);
    expect(
      (
        await leaver.request('POST', '/log', {
          date: '2026-12-01',
          learned: 'Flamegraphs show hot paths',
        })
      ).status,
    ).toBe(201);
    expect(
      (await leaver.request('PATCH', '/me', { bio: 'Build engineer in Leipzig' })).status,
    ).toBe(200);
  });
  afterAll(async () => world?.[Symbol.asyncDispose]());

  it('exports a person’s own data as one JSON document, without secrets', async () => {
    const reply = await world.app.inject({
      method: 'GET',
      url: '/api/v1/me/export',
      headers: { cookie: leaver.cookie },
    });
    expect(reply.statusCode).toBe(200);
    expect(reply.headers['content-disposition']).toContain('attachment');
    const data = reply.json<Record<string, Record<string, unknown>[]> & { profile: object }>();
    expect(data.profile).toMatchObject({
      id: leaver.user.id,
      email: `${leaver.user.handle}@example.test`,
      bio: 'Build engineer in Leipzig',
    });
    expect(data.posts).toEqual([expect.objectContaining({ id: tip.id, title: tip.title })]);
    expect(data.answers).toEqual([expect.objectContaining({ id: answer.id })]);
    expect(data.votes).toHaveLength(1);
    expect(data.bookmarks).toHaveLength(1);
    expect(data.goals).toEqual([expect.objectContaining({ title: 'Speed up builds' })]);
    expect(data.learningLog).toEqual([
      expect.objectContaining({ learned: 'Flamegraphs show hot paths' }),
    ]);
    expect(reply.body).not.toMatch(/passwordHash|tokenHash|csrf/i);
    // Only one's own rows: the colleague's question is not among the posts.
    expect(reply.body).not.toContain('Asking for the team.');
  });

  it('refuses a wrong password and keeps the account', async () => {
    const reply = await leaver.request<{ error: { code: string } }>('DELETE', '/me', {
      password: 'not the password',
    });
    expect(reply.status).toBe(400);
    expect(reply.body.error.code).toBe('wrong_password');
    expect((await leaver.request('GET', '/me')).status).toBe(200);
  });

  it('removes personal data, keeps contributions under an anonymous name and frees the handle', async () => {
    // Indexed under the real name first, so the rename has something to change.
    await eventually(async () => {
      const hits = await colleague.request<{ hits: Hit[] }>('GET', '/search?q=zanzibarian');
      expect(hits.body.hits.map((h) => h.id)).toContain(tip.id);
      return true;
    });
    const oldHandle = leaver.user.handle;
    const deleted = await leaver.request<Deleted>('DELETE', '/me', {
      password: 'correct horse battery',
    });
    expect(deleted.status).toBe(200);
    const anonymous = deleted.body.user;
    expect(anonymous.displayName).toMatch(/^Former member \d{4}$/);
    expect(anonymous.handle).not.toBe(oldHandle);

    // Signed out, and can never sign in again.
    expect((await leaver.request('GET', '/me')).status).toBe(401);
    const login = await world.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: `${oldHandle}@example.test`, password: 'correct horse battery' },
    });
    expect(login.statusCode).toBe(401);

    // Contributions stay, under the anonymous name, in the feed and in search.
    const thread = await colleague.request<{ post: Post }>('GET', `/posts/${tip.id}`);
    expect(thread.body.post.author).toMatchObject({
      id: leaver.user.id,
      displayName: anonymous.displayName,
      handle: anonymous.handle,
    });
    const feed = await colleague.request<{ items: Post[] }>('GET', `/feed?channelId=${general.id}`);
    expect(feed.body.items.find((p) => p.id === tip.id)?.author.displayName).toBe(
      anonymous.displayName,
    );
    await eventually(
      async () => {
        const hits = await colleague.request<{ hits: Hit[] }>('GET', '/search?q=zanzibarian');
        const hit = hits.body.hits.find((h) => h.id === tip.id);
        expect(hit?.author.displayName).toBe(anonymous.displayName);
        return true;
      },
      { timeoutMs: 20_000 },
    );

    // Personal data is gone from every service.
    const users = await admin.request<{ items: { id: string; email?: string; bio?: string }[] }>(
      'GET',
      `/admin/users?q=${encodeURIComponent('Former member')}`,
    );
    const row = users.body.items.find((u) => u.id === leaver.user.id);
    expect(row?.email).not.toContain(oldHandle);
    expect(row?.bio ?? '').toBe('');
    const goals = await world.learningDb
      .selectFrom('learn.goals')
      .select('id')
      .where('ownerId', '=', leaver.user.id)
      .execute();
    const log = await world.learningDb
      .selectFrom('learn.logEntries')
      .select('id')
      .where('ownerId', '=', leaver.user.id)
      .execute();
    expect([...goals, ...log]).toEqual([]);
    const notifications = await world.notifyDb
      .selectFrom('notify.notifications')
      .select('id')
      .where('recipientId', '=', leaver.user.id)
      .execute();
    expect(notifications).toEqual([]);
    expect((await colleague.request('GET', `/users/${oldHandle}`)).status).toBe(404);

    // The handle is free for someone new.
    const newcomer = await world.person({ handle: oldHandle });
    expect(newcomer.user.handle).toBe(oldHandle);
  });

  it('lets an admin delete someone else, but not a member and not themselves', async () => {
    const target = await world.person();
    expect((await colleague.request('DELETE', `/admin/users/${target.user.id}`)).status).toBe(403);
    expect((await admin.request('DELETE', `/admin/users/${admin.user.id}`)).status).toBe(409);
    const deleted = await admin.request<Deleted>('DELETE', `/admin/users/${target.user.id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body.user.displayName).toMatch(/^Former member/);
    expect((await target.request('GET', '/me')).status).toBe(401);
    const audit = await admin.request<{ items: { action: string; target: { id: string } }[] }>(
      'GET',
      '/admin/audit?action=user.delete',
    );
    expect(audit.body.items.map((a) => a.target.id)).toContain(target.user.id);

    // A deleted account stays deactivated: nobody may bring it back as someone.
    for (const status of ['active', 'suspended'] as const) {
      const revived = await admin.request<{ error: { code: string } }>(
        'PUT',
        `/admin/users/${target.user.id}/status`,
        { status },
      );
      expect(revived.status).toBe(409);
      expect(revived.body.error.code).toBe('conflict');
    }
    const people = await admin.request<{ items: { id: string; status: string }[] }>(
      'GET',
      '/admin/users?status=deactivated',
    );
    expect(people.body.items.find((u) => u.id === target.user.id)?.status).toBe('deactivated');
  });
});
