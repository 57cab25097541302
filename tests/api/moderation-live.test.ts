import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel, MissedLiveEvents, Post } from '@outloud/contracts';
import { eventually } from '@outloud/testkit';
import { apiWorld, type ApiWorld, type Person } from '../support/api-world.js';
import { connected, openSocket, type ClientSocket } from '../support/sockets.js';

/** Every feed event one socket received, in order. */
interface Seen {
  socket: ClientSocket;
  events: { event: string; postId: string; hidden?: boolean }[];
  errors: string[];
}

describe('live updates of moderated content', () => {
  let world: ApiWorld;
  let url: string;
  let moderator: Person;
  let author: Person;
  let reader: Person;
  let channel: Channel;
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    world = await apiWorld();
    const admin = await world.person();
    moderator = await world.person();
    await world.grantRoles(admin, moderator, ['member', 'moderator']);
    author = await world.person();
    reader = await world.person();
    channel = (
      await admin.request<{ channel: Channel }>('POST', '/channels', {
        slug: 'open-floor',
        name: 'Open floor',
        visibility: 'public',
      })
    ).body.channel;
    for (const person of [moderator, author, reader])
      await person.request('POST', `/channels/${channel.id}/join`);
    await world.app.listen({ host: '127.0.0.1', port: 0 });
    url = `http://127.0.0.1:${(world.app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await world?.[Symbol.asyncDispose]();
  });

  const write = async (title: string) => {
    const reply = await author.request<{ post: Post }>('POST', '/posts', {
      channelId: channel.id,
      kind: 'question',
      title,
      body: `${title}, in detail.`,
    });
    expect(reply.status).toBe(201);
    return reply.body.post;
  };
  const moderate = async (postId: string, action: 'hide' | 'restore') => {
    const reply = await moderator.request('POST', '/moderation/actions', {
      targetType: 'post',
      targetId: postId,
      action,
      reason: 'Checking the live rules',
    });
    expect(reply.status).toBe(200);
  };

  /** A socket of `who` recording every feed event it gets. */
  const watch = async (who: Person): Promise<Seen> => {
    const socket = await connected(openSocket(url, who, sockets));
    const seen: Seen = { socket, events: [], errors: [] };
    socket.on('post:created', ({ post }) =>
      seen.events.push({ event: 'post:created', postId: post.id, hidden: post.hidden }),
    );
    socket.on('post:updated', ({ post }) =>
      seen.events.push({ event: 'post:updated', postId: post.id, hidden: post.hidden }),
    );
    socket.on('post:deleted', ({ id }) => seen.events.push({ event: 'post:deleted', postId: id }));
    socket.on('answer:created', ({ answer }) =>
      seen.events.push({ event: 'answer:created', postId: answer.postId }),
    );
    socket.on('error', ({ code }) => seen.errors.push(code));
    return seen;
  };
  /** Waits until `seen` got `event` for the post (its index in the record). */
  const received = (seen: Seen, event: string, postId: string, from = 0) =>
    eventually(
      () => {
        const index = seen.events.findIndex(
          (e, i) => i >= from && e.event === event && e.postId === postId,
        );
        return index >= 0 ? index : undefined;
      },
      { what: `${event} for ${postId}` },
    );
  /** Follows the channel and the post, and waits until both rooms deliver. */
  const follow = async (seen: Seen, post: Post) => {
    seen.socket.emit('channel:subscribe', { channelId: channel.id });
    seen.socket.emit('post:subscribe', { postId: post.id });
    // A probe post shows the channel room delivers; an answer edit (post room only) the post's.
    const probe = await write('Probe');
    await received(seen, 'post:created', probe.id);
    const from = seen.events.length;
    const probeAnswer = await reader.request<{ answer: { id: string } }>(
      'POST',
      `/posts/${post.id}/answers`,
      { body: 'A first answer.' },
    );
    await reader.request('PATCH', `/answers/${probeAnswer.body.answer.id}`, { body: 'Edited.' });
    await received(seen, 'post:updated', post.id, from);
  };

  it('takes a hidden post from an ordinary member’s sockets, keeps it for its author, and brings it back when restored', async () => {
    const post = await write('Cheap watches here');
    const readerSeen = await watch(reader);
    const authorSeen = await watch(author);
    const moderatorSeen = await watch(moderator);
    for (const seen of [readerSeen, authorSeen, moderatorSeen]) await follow(seen, post);

    let marks = [readerSeen, authorSeen, moderatorSeen].map((seen) => seen.events.length);
    await moderate(post.id, 'hide');
    await received(readerSeen, 'post:deleted', post.id, marks[0]);
    const authorHidden = await received(authorSeen, 'post:updated', post.id, marks[1]);
    expect(authorSeen.events[authorHidden]?.hidden).toBe(true);
    const moderatorHidden = await received(moderatorSeen, 'post:updated', post.id, marks[2]);
    expect(moderatorSeen.events[moderatorHidden]?.hidden).toBe(true);

    // Work goes on in the hidden thread: its author and moderators hear of it, the reader nothing.
    marks = [readerSeen, authorSeen, moderatorSeen].map((seen) => seen.events.length);
    const edited = await author.request('PATCH', `/posts/${post.id}`, {
      body: 'Cheap watches, really good ones.',
    });
    expect(edited.status).toBe(200);
    const answered = await author.request('POST', `/posts/${post.id}/answers`, {
      body: 'Also in gold.',
    });
    expect(answered.status).toBe(201);
    await received(authorSeen, 'answer:created', post.id, marks[1]);
    await received(moderatorSeen, 'answer:created', post.id, marks[2]);
    // A later post in the channel arrives after those events: the reader is then up to date.
    const marker = await write('Later question');
    await received(readerSeen, 'post:created', marker.id);
    expect(
      readerSeen.events
        .slice(marks[0])
        .filter((e) => e.postId === post.id && e.event !== 'post:deleted'),
    ).toEqual([]);

    // Someone else cannot follow the hidden post any more.
    const latecomer = await watch(reader);
    latecomer.socket.emit('post:subscribe', { postId: post.id });
    await eventually(() => (latecomer.errors.includes('post_not_found') ? true : undefined), {
      what: 'post:subscribe to be refused',
    });

    marks = [readerSeen, authorSeen, moderatorSeen].map((seen) => seen.events.length);
    await moderate(post.id, 'restore');
    const back = await received(readerSeen, 'post:created', post.id, marks[0]);
    expect(readerSeen.events[back]?.hidden).toBeFalsy();
    const restored = await received(authorSeen, 'post:updated', post.id, marks[1]);
    expect(authorSeen.events[restored]?.hidden).toBeFalsy();

    // And the reader may follow it again.
    const again = await watch(reader);
    again.socket.emit('post:subscribe', { postId: post.id });
    await eventually(
      async () => {
        await author.request('PATCH', `/posts/${post.id}`, { title: `Watches ${Date.now()}` });
        return again.events.some((e) => e.event === 'post:updated' && e.postId === post.id)
          ? true
          : undefined;
      },
      { what: 'the restored post to reach a new subscriber', intervalMs: 200 },
    );
    expect(again.errors).toEqual([]);
  });

  it('replays a hidden post to an ordinary member only as its removal', async () => {
    // The stream position before the post, as a socket learns it on connecting.
    const socket = openSocket(url, moderator, sockets);
    const cursor = new Promise<string>((resolve) =>
      socket.once('live:cursor', ({ cursor: at }) => resolve(at)),
    );
    await connected(socket);
    const since = await cursor;
    const post = await write('Questionable offer');
    await moderate(post.id, 'hide');
    const edited = await author.request('PATCH', `/posts/${post.id}`, {
      body: 'Still a questionable offer.',
    });
    expect(edited.status).toBe(200);

    const replay = async (who: Person) => {
      const page = await who.request<MissedLiveEvents>(
        'GET',
        `/live/events?since=${since}&postId=${post.id}`,
      );
      expect(page.status).toBe(200);
      return page.body.items.map((item) => ({
        event: item.event,
        hidden: Boolean((item.data as { post?: Post }).post?.hidden),
        title: (item.data as { post?: Post }).post?.title,
      }));
    };
    // Once the edit after hiding is in the stream, the reader's replay has three items.
    const forReader = await eventually(
      async () => {
        const items = await replay(reader);
        return items.length >= 3 ? items : undefined;
      },
      { what: 'the replay to hold the edit' },
    );
    // The creation without its text (changed since), then only removals.
    expect(forReader).toEqual([
      { event: 'post:created', hidden: false, title: '' },
      { event: 'post:deleted', hidden: false, title: undefined },
      { event: 'post:deleted', hidden: false, title: undefined },
    ]);
    // The author replays the current, hidden version (superseded versions are left out).
    expect(await replay(author)).toEqual([
      { event: 'post:created', hidden: false, title: '' },
      { event: 'post:updated', hidden: true, title: 'Questionable offer' },
    ]);
  });
});
