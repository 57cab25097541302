import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel, FeedPage, Post, ServerToClientEvents } from '@outloud/contracts';
import { eventually } from '@outloud/testkit';
import { apiWorld, type ApiWorld, type Person } from '../support/api-world.js';
import { connected, openSocket, type ClientSocket } from '../support/sockets.js';

describe('the home feed', () => {
  let world: ApiWorld;
  let admin: Person;
  let reader: Person;
  let asker: Person;
  let open: Channel;
  let secret: Channel;
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    world = await apiWorld();
    admin = await world.person();
    reader = await world.person();
    asker = await world.person();
    const channel = async (slug: string, visibility: 'public' | 'private') =>
      (
        await asker.request<{ channel: Channel }>('POST', '/channels', {
          slug,
          name: `Channel ${slug}`,
          visibility,
        })
      ).body.channel;
    open = await channel('home-open', 'public');
    secret = await channel('home-secret', 'private');
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await world?.[Symbol.asyncDispose]();
  });

  const post = async (
    by: Person,
    input: { channelId?: string; kind?: string; title: string; tags?: string[] },
  ) =>
    (
      await by.request<{ post: Post }>('POST', '/posts', {
        channelId: input.channelId ?? open.id,
        kind: input.kind ?? 'question',
        title: input.title,
        body: `${input.title}.`,
        tags: input.tags ?? [],
      })
    ).body.post;
  const feed = async (who: Person, query: string) => {
    const response = await who.request<FeedPage>('GET', `/feed?${query}`);
    expect(response.status).toBe(200);
    return response.body.items;
  };
  const titles = (items: Post[]) => items.map((p) => p.title).sort();

  it('names the channel of every post in a list', async () => {
    const created = await post(asker, { kind: 'tip', title: 'A tip with its channel' });
    const items = await feed(reader, 'sort=new');
    expect(items.find((p) => p.id === created.id)?.channel).toEqual({
      id: open.id,
      slug: 'home-open',
      name: 'Channel home-open',
      visibility: 'public',
    });
  });

  it('lists unanswered questions tagged with my skills or my expertise, in channels I can see', async () => {
    const skills = await reader.request('PATCH', '/me', { skills: ['postgres'] });
    expect(skills.status).toBe(200);
    // The reader is known for kubernetes through what they shared.
    await post(reader, { kind: 'tip', title: 'Rolling restarts', tags: ['kubernetes'] });
    await eventually(async () => {
      const profile = await reader.request<{ topTags: { tag: string }[] }>(
        'GET',
        `/users/${reader.user.handle}`,
      );
      expect(profile.body.topTags.map((t) => t.tag)).toContain('kubernetes');
      return true;
    });

    await post(asker, { title: 'Vacuum or not?', tags: ['postgres'] });
    await post(asker, { title: 'Pods keep restarting', tags: ['kubernetes', 'ops'] });
    await post(asker, { title: 'Best sourdough starter', tags: ['baking'] });
    await post(asker, { kind: 'tip', title: 'A postgres tip, not a question', tags: ['postgres'] });
    await post(asker, {
      channelId: secret.id,
      title: 'Private postgres question',
      tags: ['postgres'],
    });
    const answered = await post(asker, { title: 'Answered postgres question', tags: ['postgres'] });
    await admin.request('POST', `/posts/${answered.id}/answers`, { body: 'Here is how.' });

    expect(titles(await feed(reader, 'sort=unanswered&topics=mine'))).toEqual([
      'Pods keep restarting',
      'Vacuum or not?',
    ]);
    // A member of the private channel with the same skill sees its question too.
    const insider = await world.person();
    await asker.request('POST', `/channels/${secret.id}/members`, { userId: insider.user.id });
    await insider.request('PATCH', '/me', { skills: ['postgres'] });
    expect(titles(await feed(insider, 'sort=unanswered&topics=mine'))).toEqual([
      'Private postgres question',
      'Vacuum or not?',
    ]);
  });

  it('is empty for someone with no topics yet', async () => {
    const newcomer = await world.person();
    expect(await feed(newcomer, 'sort=unanswered&topics=mine')).toEqual([]);
  });

  it('refuses an unknown topics value', async () => {
    const response = await reader.request('GET', '/feed?topics=everyone');
    expect(response.status).toBe(400);
  });

  it('pushes new posts and answers live with their author’s badges', async () => {
    const lead = await world.person();
    await world.grantRoles(admin, lead, ['member', 'ld']);
    await world.app.listen({ host: '127.0.0.1', port: 0 });
    const url = `http://127.0.0.1:${(world.app.server.address() as AddressInfo).port}`;
    const socket = await connected(openSocket(url, reader, sockets));
    socket.emit('channel:subscribe', { channelId: open.id });
    await new Promise((r) => setTimeout(r, 300));
    const posts: Parameters<ServerToClientEvents['post:created']>[0][] = [];
    const answers: Parameters<ServerToClientEvents['answer:created']>[0][] = [];
    socket.on('post:created', (payload) => posts.push(payload));
    socket.on('answer:created', (payload) => answers.push(payload));

    const question = await post(lead, { title: 'Who runs the onboarding?' });
    const answer = await lead.request('POST', `/posts/${question.id}/answers`, { body: 'I do.' });
    expect(answer.status).toBe(201);
    await eventually(() => {
      expect(posts.map((p) => p.post.author)).toEqual([
        expect.objectContaining({ id: lead.user.id, badges: ['ld'] }),
      ]);
      expect(answers.map((a) => a.answer.author)).toEqual([
        expect.objectContaining({ id: lead.user.id, badges: ['ld'] }),
      ]);
      return true;
    });
    expect(posts[0]!.post.channel).toMatchObject({ id: open.id, slug: 'home-open' });

    // A client that reconnects gets them with the same badges from the catch-up.
    const since = String(Number(posts[0]!.cursor) - 1);
    const missed = await reader.request<{ items: { event: string; data: unknown }[] }>(
      'GET',
      `/live/events?since=${since}&channelId=${open.id}`,
    );
    const replayed = missed.body.items.find((item) => item.event === 'post:created');
    expect((replayed?.data as { post: Post } | undefined)?.post.author).toMatchObject({
      id: lead.user.id,
      badges: ['ld'],
    });
  });
});
