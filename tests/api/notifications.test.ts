import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import type {
  Answer,
  Channel,
  ClientToServerEvents,
  DigestPreview,
  MissedLiveEvents,
  NotificationList,
  NotificationPreferences,
  Post,
  ServerToClientEvents,
} from '@outloud/contracts';
import { eventually } from '@outloud/testkit';
import { apiWorld, type ApiWorld, type Person } from '../support/api-world.js';

type ErrorReply = { error: { code: string; details?: { field: string }[] } };
type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

describe('notifications', () => {
  let world: ApiWorld;
  let admin: Person;
  let url: string;
  let general: Channel;

  beforeAll(async () => {
    world = await apiWorld();
    admin = await world.person();
    await world.app.listen({ host: '127.0.0.1', port: 0 });
    url = `http://127.0.0.1:${(world.app.server.address() as AddressInfo).port}`;
    const channels = await admin.request<{ items: Channel[] }>('GET', '/channels');
    general = channels.body.items.find((c) => c.slug === 'general')!;
  });
  afterAll(async () => world?.[Symbol.asyncDispose]());

  const post = async (by: Person, fields: Partial<Post> & { channelId?: string } = {}) => {
    const response = await by.request<{ post: Post }>('POST', '/posts', {
      channelId: general.id,
      kind: 'question',
      title: 'How do I profile a slow endpoint?',
      body: 'It takes seconds.',
      ...fields,
    });
    expect(response.status).toBe(201);
    return response.body.post;
  };
  const answer = async (by: Person, postId: string, body = 'Use a flame graph.') => {
    const response = await by.request<{ answer: Answer }>('POST', `/posts/${postId}/answers`, {
      body,
    });
    expect(response.status).toBe(201);
    return response.body.answer;
  };
  const list = async (who: Person, query = '') =>
    (await who.request<NotificationList>('GET', `/notifications${query}`)).body;
  /** Waits until `who` has a notification matching `match`, and returns it. */
  const notified = (who: Person, match: (n: NotificationList['items'][number]) => boolean) =>
    eventually(async () => (await list(who)).items.find(match), { what: 'a notification' });
  /** Lets every event so far be handled: a marker post that `probe` is told about. */
  const settle = async (probe: Person, by: Person) => {
    await world.app.inject({ method: 'GET', url: '/healthz' });
    const marker = await post(by, {
      title: `marker ${Math.random()}`,
      body: `@${probe.user.handle}`,
    });
    await notified(probe, (n) => n.postId === marker.id);
  };
  const channel = async (owner: Person, visibility: 'public' | 'private', members: Person[]) => {
    const created = await owner.request<{ channel: Channel }>('POST', '/channels', {
      slug: `c-${Math.random().toString(36).slice(2, 10)}`,
      name: 'Team',
      visibility,
    });
    expect(created.status).toBe(201);
    for (const member of members) {
      const added = await owner.request('POST', `/channels/${created.body.channel.id}/members`, {
        userId: member.user.id,
      });
      expect(added.status).toBe(204);
    }
    return created.body.channel;
  };

  it('tells a mentioned person, with the actor and the post, and never the author', async () => {
    const author = await world.person();
    const named = await world.person();
    const tip = await post(author, {
      kind: 'tip',
      title: 'Pin your Node version',
      body: `Thanks @${named.user.handle} and @${author.user.handle} for this.`,
    });
    const n = await notified(named, (x) => x.postId === tip.id);
    expect(n).toMatchObject({
      type: 'mention',
      answerId: null,
      readAt: null,
      actor: { id: author.user.id, handle: author.user.handle },
      post: { id: tip.id, title: 'Pin your Node version', kind: 'tip', channelId: general.id },
    });
    await settle(author, named);
    expect((await list(author)).items.some((x) => x.postId === tip.id)).toBe(false);
  });

  it('tells the asker about answers, earlier participants about replies, and the answerer about an accept', async () => {
    const asker = await world.person();
    const first = await world.person();
    const second = await world.person();
    const question = await post(asker);
    const a1 = await answer(first, question.id);
    expect(await notified(asker, (n) => n.answerId === a1.id)).toMatchObject({
      type: 'answer',
      actor: { id: first.user.id },
    });
    // The second answer names the first answerer: one notification for them, the mention.
    const a2 = await answer(second, question.id, `Building on @${first.user.handle}'s answer…`);
    expect(await notified(asker, (n) => n.answerId === a2.id)).toMatchObject({ type: 'answer' });
    await notified(first, (n) => n.answerId === a2.id);
    const forFirst = (await list(first)).items.filter((n) => n.answerId === a2.id);
    expect(forFirst.map((n) => n.type)).toEqual(['mention']);

    // Named again in someone else's answer: told again (each body tells its own mentions).
    const a2b = await answer(asker, question.id, `@${first.user.handle} did that help?`);
    expect(await notified(first, (n) => n.answerId === a2b.id)).toMatchObject({ type: 'mention' });

    const third = await world.person();
    const a3 = await answer(third, question.id);
    expect(await notified(second, (n) => n.answerId === a3.id)).toMatchObject({ type: 'reply' });
    expect(await notified(first, (n) => n.answerId === a3.id)).toMatchObject({ type: 'reply' });

    expect((await asker.request('POST', `/answers/${a2.id}/accept`)).status).toBe(200);
    expect(
      await notified(second, (n) => n.type === 'accepted' && n.answerId === a2.id),
    ).toMatchObject({ actor: { id: asker.user.id }, postId: question.id });
  });

  it('tells followers of a channel, a tag or a person about new posts', async () => {
    const author = await world.person();
    const byChannel = await world.person();
    const byTag = await world.person();
    const byPerson = await world.person();
    const team = await channel(author, 'public', []);
    await byChannel.request('PUT', '/follows', { targetType: 'channel', target: team.id });
    await byTag.request('PUT', '/follows', { targetType: 'tag', target: 'observability' });
    await byPerson.request('PUT', '/follows', { targetType: 'user', target: author.user.id });
    await settle(byPerson, admin);

    const inTeam = await post(author, { channelId: team.id, kind: 'tip', title: 'Team tip' });
    const tagged = await post(author, { kind: 'tip', title: 'Tracing', tags: ['observability'] });
    for (const [who, expected] of [
      [byChannel, [inTeam.id]],
      [byTag, [tagged.id]],
      [byPerson, [inTeam.id, tagged.id]],
    ] as const) {
      for (const id of expected)
        expect(await notified(who, (n) => n.postId === id)).toMatchObject({
          type: 'followed_post',
        });
    }
    await settle(byChannel, admin);
    expect((await list(byChannel)).items.some((n) => n.postId === tagged.id)).toBe(false);
  });

  it('tells every member of a channel about an announcement, and nobody outside a private one', async () => {
    const lead = await world.person();
    await world.grantRoles(admin, lead, ['member', 'ld']);
    const members = [await world.person(), await world.person(), await world.person()];
    const outsider = await world.person();
    const team = await channel(lead, 'private', members);
    const news = await post(lead, {
      channelId: team.id,
      kind: 'announcement',
      title: 'Learning week starts Monday',
      body: `Everyone welcome, even @${outsider.user.handle}.`,
    });
    for (const member of members)
      expect(await notified(member, (n) => n.postId === news.id)).toMatchObject({
        type: 'announcement',
        actor: { id: lead.user.id },
      });
    await settle(outsider, admin);
    expect((await list(outsider)).items.some((n) => n.postId === news.id)).toBe(false);
    expect((await list(lead)).items.some((n) => n.postId === news.id)).toBe(false);
  });

  it('puts every new person in #general, so an announcement there reaches the whole team', async () => {
    const lead = await world.person();
    await world.grantRoles(admin, lead, ['member', 'ld']);
    const newcomer = await world.person();
    const channels = await newcomer.request<{ items: Channel[] }>('GET', '/channels');
    expect(channels.body.items.find((c) => c.slug === 'general')).toMatchObject({
      isMember: true,
    });
    const news = await post(lead, { kind: 'announcement', title: 'Welcome week' });
    expect(await notified(newcomer, (n) => n.postId === news.id)).toMatchObject({
      type: 'announcement',
    });
  });

  it('hides what a person was told about a private channel once they leave it', async () => {
    const owner = await world.person();
    const member = await world.person();
    const team = await channel(owner, 'private', [member]);
    const secret = await post(owner, {
      channelId: team.id,
      title: 'Reorg plan',
      body: `@${member.user.handle} please review`,
    });
    await notified(member, (n) => n.postId === secret.id);
    const before = (await list(member)).unreadCount;
    expect(
      (await owner.request('DELETE', `/channels/${team.id}/members/${member.user.id}`)).status,
    ).toBe(204);
    await eventually(async () =>
      (await list(member)).items.some((n) => n.postId === secret.id) ? undefined : true,
    );
    expect((await list(member)).unreadCount).toBe(before - 1);
  });

  it('removes notifications about a deleted post', async () => {
    const author = await world.person();
    const named = await world.person();
    const doomed = await post(author, { body: `@${named.user.handle} look` });
    await notified(named, (n) => n.postId === doomed.id);
    expect((await author.request('DELETE', `/posts/${doomed.id}`)).status).toBe(204);
    await eventually(async () =>
      (await list(named)).items.some((n) => n.postId === doomed.id) ? undefined : true,
    );
  });

  it('pages with a cursor, filters unread and marks read by id or all at once', async () => {
    const author = await world.person();
    const reader = await world.person();
    const posts: Post[] = [];
    for (let i = 0; i < 5; i++)
      posts.push(await post(author, { title: `Question ${i}`, body: `@${reader.user.handle}` }));
    await eventually(async () => ((await list(reader)).unreadCount === 5 ? true : undefined));

    const first = await list(reader, '?limit=2');
    expect(first.items.map((n) => n.postId)).toEqual([posts[4]!.id, posts[3]!.id]);
    expect(first.nextCursor).not.toBeNull();
    const second = await list(reader, `?limit=2&cursor=${first.nextCursor}`);
    expect(second.items.map((n) => n.postId)).toEqual([posts[2]!.id, posts[1]!.id]);

    expect(
      (await reader.request('POST', '/notifications/read', { ids: [first.items[0]!.id] })).status,
    ).toBe(204);
    const unread = await list(reader, '?unread=true');
    expect(unread.unreadCount).toBe(4);
    expect(unread.items.map((n) => n.id)).not.toContain(first.items[0]!.id);
    const all = await list(reader);
    expect(all.items.find((n) => n.id === first.items[0]!.id)?.readAt).toEqual(expect.any(String));

    expect((await reader.request('POST', '/notifications/read', { all: true })).status).toBe(204);
    expect((await list(reader, '?unread=true')).items).toEqual([]);
    expect((await list(reader)).unreadCount).toBe(0);
  });

  it('answers bad input with 400 and strangers with 401', async () => {
    const someone = await world.person();
    for (const body of [
      {},
      { ids: [] },
      { ids: ['nope'] },
      { all: false },
      { all: true, ids: [] },
    ]) {
      const reply = await someone.request<ErrorReply>('POST', '/notifications/read', body);
      expect(reply.status, JSON.stringify(body)).toBe(400);
    }
    expect((await someone.request('GET', '/notifications?cursor=bogus')).status).toBe(400);
    expect((await someone.request('GET', '/notifications?limit=0')).status).toBe(400);
    const stranger = await world.app.inject({ method: 'GET', url: '/api/v1/notifications' });
    expect(stranger.statusCode).toBe(401);
    expect(stranger.json()).toMatchObject({ error: { code: expect.any(String) } });
  });

  it('keeps preferences and respects muted kinds', async () => {
    const author = await world.person();
    const quiet = await world.person();
    const prefs = await quiet.request<NotificationPreferences>('GET', '/notifications/preferences');
    expect(prefs.body).toEqual({
      types: {
        mention: true,
        answer: true,
        accepted: true,
        reply: true,
        followed_post: true,
        announcement: true,
        expert_request: true,
        review_due: true,
        flag_resolved: true,
      },
      digest: true,
    });
    const changed = await quiet.request<NotificationPreferences>(
      'PUT',
      '/notifications/preferences',
      { types: { followed_post: false }, digest: false },
    );
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      types: { followed_post: false, mention: true },
      digest: false,
    });
    expect(
      (await quiet.request<NotificationPreferences>('GET', '/notifications/preferences')).body,
    ).toEqual(changed.body);
    for (const bad of [{}, { types: { bogus: true } }, { digest: 'yes' }]) {
      const reply = await quiet.request<ErrorReply>('PUT', '/notifications/preferences', bad);
      expect(reply.status, JSON.stringify(bad)).toBe(400);
    }

    await quiet.request('PUT', '/follows', { targetType: 'user', target: author.user.id });
    await settle(quiet, admin);
    const muted = await post(author, { kind: 'tip', title: 'Muted for quiet' });
    const named = await post(author, {
      kind: 'tip',
      title: 'Named',
      body: `@${quiet.user.handle}`,
    });
    expect(await notified(quiet, (n) => n.postId === named.id)).toMatchObject({ type: 'mention' });
    expect((await list(quiet)).items.some((n) => n.postId === muted.id)).toBe(false);
  });

  it('previews a digest of unread notifications and top followed posts, escaped', async () => {
    const author = await world.person();
    const reader = await world.person();
    const team = await channel(author, 'public', []);
    await reader.request('PUT', '/follows', { targetType: 'channel', target: team.id });
    await settle(reader, admin);
    const loud = await post(author, {
      channelId: team.id,
      kind: 'tip',
      title: 'Use <script> tags sparingly & wisely',
    });
    await notified(reader, (n) => n.postId === loud.id);

    const preview = await reader.request<DigestPreview>('GET', '/notifications/digest/preview');
    expect(preview.status).toBe(200);
    expect(preview.body.hasContent).toBe(true);
    expect(preview.body.subject).toMatch(/unread notification/);
    expect(preview.body.html).toContain('Use &#60;script&#62; tags sparingly &#38; wisely');
    expect(preview.body.html).not.toContain('<script>');
    expect(preview.body.html).toContain(`http://outloud.test/#/posts/${loud.id}`);
    expect(preview.body.text).toContain('Top posts in what you follow:');
    expect(preview.body.text).toContain('[tip] Use <script> tags sparingly & wisely');
    expect(preview.body.text).toContain(`Hello ${reader.user.displayName},`);

    const nobody = await world.person();
    const empty = await nobody.request<DigestPreview>('GET', '/notifications/digest/preview');
    expect(empty.body.hasContent).toBe(false);
  });

  it('writes each due digest once a day, and none for people who turned them off', async () => {
    const author = await world.person();
    const wants = await world.person();
    const declines = await world.person();
    await declines.request('PUT', '/notifications/preferences', { digest: false });
    const q = await post(author, { body: `@${wants.user.handle} @${declines.user.handle}` });
    await notified(wants, (n) => n.postId === q.id);
    await notified(declines, (n) => n.postId === q.id);

    const early = new Date();
    early.setUTCHours(3, 0, 0, 0);
    expect((await world.notification.runDigests(early)).written).toBe(0);
    const morning = new Date();
    morning.setUTCHours(9, 0, 0, 0);
    const first = await world.notification.runDigests(morning);
    expect(first.written).toBeGreaterThanOrEqual(1);
    expect((await world.notification.runDigests(morning)).written).toBe(0);

    const digests = await world.notifyDb
      .selectFrom('notify.digests')
      .selectAll()
      .where('userId', 'in', [wants.user.id, declines.user.id])
      .execute();
    expect(digests.map((d) => d.userId)).toEqual([wants.user.id]);
    expect(digests[0]!.day).toBe(morning.toISOString().slice(0, 10));
    expect(digests[0]!.text).toContain('How do I profile a slow endpoint?');
    expect(digests[0]!.sentAt).toBeNull(); // no SMTP configured: written, not sent
  });

  describe('live', () => {
    const connect = (who: Person): Promise<ClientSocket & { start: Promise<string> }> => {
      const socket: ClientSocket = io(url, {
        path: '/socket.io',
        transports: ['websocket'],
        extraHeaders: { cookie: who.cookie },
        reconnection: false,
      });
      // Sent right on connection: listen before connecting.
      const start = new Promise<string>((resolve) =>
        socket.once('live:cursor', ({ cursor }) => resolve(cursor)),
      );
      return new Promise((resolve, reject) => {
        socket.once('connect', () => resolve(Object.assign(socket, { start })));
        socket.once('connect_error', reject);
      });
    };

    it('pushes a notification with the unread count, and read marks to every tab', async () => {
      const author = await world.person();
      const reader = await world.person();
      const tab = await connect(reader);
      const otherTab = await connect(reader);
      try {
        const pushed = new Promise<Parameters<ServerToClientEvents['notification']>[0]>((resolve) =>
          tab.once('notification', resolve),
        );
        const tip = await post(author, { kind: 'tip', body: `@${reader.user.handle} see this` });
        const push = await pushed;
        expect(push.notification).toMatchObject({ type: 'mention', postId: tip.id });
        expect(push.unreadCount).toBe(1);

        const read = new Promise<{ unreadCount: number }>((resolve) =>
          otherTab.once('notifications:read', resolve),
        );
        await reader.request('POST', '/notifications/read', { all: true });
        expect(await read).toEqual({ unreadCount: 0 });
      } finally {
        tab.close();
        otherTab.close();
      }
    });

    it('gives every event a cursor and replays what a reconnecting client missed', async () => {
      const author = await world.person();
      const reader = await world.person();
      const owner = await world.person();
      const hidden = await channel(owner, 'private', []);
      const socket = await connect(reader);
      const start = await socket.start;
      socket.emit('channel:subscribe', { channelId: general.id });
      const live = new Promise<{ post: Post; cursor: string }>((resolve) =>
        socket.once('post:created', resolve),
      );
      await new Promise((r) => setTimeout(r, 200)); // the room join has no acknowledgement
      const seen = await post(author, { kind: 'tip', title: 'Seen live' });
      const first = await live;
      expect(first.post.id).toBe(seen.id);
      expect(Number(first.cursor)).toBeGreaterThan(Number(start));
      socket.close();

      // Offline: a tip, an answer and a post in a channel the reader may not see.
      const missed = await post(author, { kind: 'question', title: 'Missed while offline' });
      const missedAnswer = await answer(author, missed.id, 'Answered while offline');
      const secret = await post(owner, { channelId: hidden.id, title: 'Not for the reader' });

      const caughtUp = await eventually(async () => {
        const reply = await reader.request<MissedLiveEvents>(
          'GET',
          `/live/events?since=${first.cursor}`,
        );
        expect(reply.status).toBe(200);
        return reply.body.items.some((i) => i.event === 'answer:created') ? reply.body : undefined;
      });
      expect(caughtUp.reset).toBe(false);
      const events = caughtUp.items.map((i) => i.event);
      expect(events).toContain('post:created');
      expect(caughtUp.items.find((i) => i.event === 'post:created')?.data).toMatchObject({
        post: { id: missed.id },
      });
      expect(caughtUp.items.find((i) => i.event === 'answer:created')?.data).toMatchObject({
        answer: { id: missedAnswer.id },
      });
      expect(JSON.stringify(caughtUp)).not.toContain(secret.id);
      const cursors = caughtUp.items.map((i) => Number(i.cursor));
      expect(cursors).toEqual([...cursors].sort((a, b) => a - b));
      expect(cursors.every((c) => c > Number(first.cursor))).toBe(true);

      // Narrowed to one post, with paging.
      const onePost = await reader.request<MissedLiveEvents>(
        'GET',
        `/live/events?since=${first.cursor}&postId=${missed.id}&limit=1`,
      );
      expect(onePost.body.items.every((i) => JSON.stringify(i.data).includes(missed.id))).toBe(
        true,
      );
      expect(onePost.body.nextCursor).not.toBeNull();

      // A post deleted while the reader was away comes back only as its deletion.
      const gone = await post(author, { kind: 'tip', title: 'Posted and deleted offline' });
      expect((await author.request('DELETE', `/posts/${gone.id}`)).status).toBe(204);
      const afterDeletion = await eventually(async () => {
        const reply = await reader.request<MissedLiveEvents>(
          'GET',
          `/live/events?since=${first.cursor}&limit=500`,
        );
        return reply.body.items.some((i) => i.event === 'post:deleted') ? reply.body : undefined;
      });
      const aboutGone = afterDeletion.items.filter((i) => JSON.stringify(i.data).includes(gone.id));
      expect(aboutGone.map((i) => i.event)).toEqual(['post:deleted']);

      for (const bad of ['abc', '-1', '']) {
        const reply = await reader.request('GET', `/live/events?since=${bad}`);
        expect(reply.status, bad).toBe(400);
      }
    });
  });
});
