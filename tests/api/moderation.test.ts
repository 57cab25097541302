import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  Answer,
  AuditPage,
  Channel,
  FeedPage,
  JoinedChannelList,
  ModerationActionResponse,
  Post,
  PostWithAnswers,
  QueuePage,
  Upload,
} from '@outloud/contracts';
import { multipartBody, randomWord, solidPng } from '@outloud/testkit';
import { apiWorld, type ApiWorld, type Person } from '../support/api-world.js';
import { connected, openSocket, type ClientSocket } from '../support/sockets.js';

type ErrorReply = { error: { code: string } };

describe('moderation through the public API', () => {
  let world: ApiWorld;
  let dataDir: string;
  let url: string;
  let admin: Person;
  let author: Person;
  let member: Person;
  let outsider: Person;
  let moderator: Person;
  let channel: Channel;
  const sockets: ClientSocket[] = [];
  const tag = `hush-${randomWord(6)}`;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'outloud-api-moderation-'));
    world = await apiWorld({ DATA_DIR: dataDir });
    admin = await world.person();
    author = await world.person();
    member = await world.person();
    outsider = await world.person();
    moderator = await world.person();
    await world.grantRoles(admin, moderator, ['member', 'moderator']);
    // L&D, so the author can pin an announcement too.
    await world.grantRoles(admin, author, ['member', 'ld']);
    channel = (
      await author.request<{ channel: Channel }>('POST', '/channels', {
        slug: `mod-${randomWord(6)}`,
        name: 'Moderated',
        visibility: 'public',
      })
    ).body.channel;
    expect((await member.request('POST', `/channels/${channel.id}/join`)).status).toBe(204);
    await world.app.listen({ host: '127.0.0.1', port: 0 });
    url = `http://127.0.0.1:${(world.app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await world?.[Symbol.asyncDispose]();
    await rm(dataDir, { recursive: true, force: true });
  });

  const create = async (by: Person, input: Record<string, unknown>) => {
    const reply = await by.request<{ post: Post }>('POST', '/posts', {
      channelId: channel.id,
      body: 'Body.',
      tags: [tag],
      ...input,
    });
    expect(reply.status).toBe(201);
    return reply.body.post;
  };
  const answerOn = async (by: Person, postId: string, body: string) => {
    const reply = await by.request<{ answer: Answer }>('POST', `/posts/${postId}/answers`, {
      body,
    });
    expect(reply.status).toBe(201);
    return reply.body.answer;
  };
  const moderate = (by: Person, body: Record<string, unknown>) =>
    by.request<ModerationActionResponse & ErrorReply>('POST', '/moderation/actions', body);
  const feedIds = async (who: Person, path: string) => {
    const page = await who.request<FeedPage>('GET', path);
    expect(page.status).toBe(200);
    return page.body.items.map((p) => p.id);
  };
  const unreadIn = async (who: Person) =>
    (await who.request<JoinedChannelList>('GET', '/channels/mine')).body.items.find(
      (c) => c.id === channel.id,
    )?.unreadCount;
  const uploadPicture = async (by: Person): Promise<Upload> => {
    const body = multipartBody([
      { name: 'file', filename: 'chart.png', data: solidPng(8, 6, [10, 120, 200]) },
    ]);
    const reply = await world.app.inject({
      method: 'POST',
      url: '/api/v1/uploads',
      headers: {
        cookie: by.cookie,
        'x-csrf-token': by.csrfToken,
        'content-type': body.contentType,
      },
      payload: body.payload,
    });
    expect(reply.statusCode, reply.body).toBe(201);
    return reply.json<{ upload: Upload }>().upload;
  };
  const uploadStatus = async (who: Person, upload: Upload) =>
    (await world.app.inject({ method: 'GET', url: upload.url, headers: { cookie: who.cookie } }))
      .statusCode;
  const subscribeError = async (who: Person, postId: string) => {
    const socket = await connected(openSocket(url, who, sockets));
    const error = new Promise<{ code: string }>((resolve) => socket.once('error', resolve));
    socket.emit('post:subscribe', { postId });
    return (await error).code;
  };

  it('keeps hidden posts and answers off every feed read path for outsiders and members', async () => {
    const picture = await uploadPicture(author);
    const hiddenPost = await create(author, {
      kind: 'question',
      title: 'Cheap watches?',
      body: `Buy now ![chart](${picture.url})`,
    });
    // An earlier version, so the history exists.
    await author.request('PATCH', `/posts/${hiddenPost.id}`, { title: 'Cheap watches here?' });
    const announcement = await create(author, {
      kind: 'announcement',
      title: 'Big sale',
      pinnedUntil: new Date(Date.now() + 86_400_000).toISOString(),
    });
    const question = await create(member, { kind: 'question', title: 'How do I deploy?' });
    const spamAnswer = await answerOn(author, question.id, 'Buy watches instead');
    const goodAnswer = await answerOn(admin, question.id, 'Run the pipeline.');
    // Things the readers did before the content was hidden.
    expect((await member.request('PUT', `/posts/${hiddenPost.id}/bookmark`)).status).toBe(204);
    await member.request('PUT', '/follows', { targetType: 'channel', target: channel.id });
    await outsider.request('PUT', '/follows', { targetType: 'user', target: author.user.id });
    await member.request('POST', `/channels/${channel.id}/read`);
    const hiddenLater = await create(author, { kind: 'tip', title: 'Unread then hidden' });
    expect(await unreadIn(member)).toBe(1);
    expect(await uploadStatus(member, picture)).toBe(200);
    // Before: the same reads show it all (so the checks below can fail).
    for (const reader of [outsider, member]) {
      expect(await feedIds(reader, `/feed?channelId=${channel.id}`)).toEqual(
        expect.arrayContaining([hiddenPost.id, announcement.id, hiddenLater.id]),
      );
      expect(await feedIds(reader, '/feed?sort=unanswered')).toContain(hiddenPost.id);
      const thread = await reader.request<PostWithAnswers>('GET', `/posts/${question.id}`);
      expect(thread.body.answers.map((a) => a.id)).toContain(spamAnswer.id);
    }
    expect(await feedIds(member, '/bookmarks')).toContain(hiddenPost.id);
    expect(await feedIds(outsider, '/feed?following=true')).toContain(hiddenPost.id);

    for (const target of [
      { targetType: 'post', targetId: hiddenPost.id },
      { targetType: 'post', targetId: announcement.id },
      { targetType: 'post', targetId: hiddenLater.id },
    ]) {
      const reply = await moderate(moderator, { ...target, action: 'hide', reason: 'Spam' });
      expect(reply.status).toBe(200);
      expect(reply.body.target.hidden).toBe(true);
    }
    // The answer is hidden by three people's flags, without a moderator.
    for (const by of [member, outsider, moderator]) {
      const flagged = await by.request('POST', '/flags', {
        targetType: 'answer',
        targetId: spamAnswer.id,
        reason: 'spam',
      });
      expect(flagged.status).toBe(201);
    }

    const hiddenPostIds = [hiddenPost.id, announcement.id, hiddenLater.id];
    for (const reader of [outsider, member]) {
      const who = reader === member ? 'member' : 'outsider';
      for (const path of [
        '/feed',
        '/feed?sort=top',
        '/feed?sort=unanswered',
        `/feed?channelId=${channel.id}`,
        `/feed?tag=${tag}`,
        '/feed?kind=question',
        '/feed?kind=announcement',
        `/feed?author=${author.user.handle}`,
        '/feed?following=true',
        '/feed?topics=mine',
        '/bookmarks',
      ]) {
        const ids = await feedIds(reader, path);
        for (const id of hiddenPostIds)
          expect({ who, path, shows: ids.includes(id) }).toEqual({ who, path, shows: false });
      }
      for (const [method, path, payload] of [
        ['GET', `/posts/${hiddenPost.id}`, undefined],
        ['GET', `/posts/${announcement.id}`, undefined],
        ['GET', `/posts/${hiddenPost.id}/answers`, undefined],
        ['GET', `/posts/${hiddenPost.id}/revisions`, undefined],
        ['POST', `/posts/${hiddenPost.id}/answers`, { body: 'Me too' }],
        ['PUT', `/posts/${hiddenPost.id}/vote`, { value: 1 }],
        ['PUT', `/posts/${hiddenPost.id}/bookmark`, undefined],
        ['PATCH', `/posts/${hiddenPost.id}`, { title: 'Taken over' }],
        ['POST', '/flags', { targetType: 'post', targetId: hiddenPost.id, reason: 'spam' }],
        ['PUT', `/answers/${spamAnswer.id}/vote`, { value: 1 }],
        ['POST', '/flags', { targetType: 'answer', targetId: spamAnswer.id, reason: 'other' }],
      ] as const) {
        const response = await reader.request(method, path, payload);
        expect({ who, method, path, status: response.status }).toEqual({
          who,
          method,
          path,
          status: 404,
        });
      }
      const thread = await reader.request<PostWithAnswers>('GET', `/posts/${question.id}`);
      expect(thread.body.answers.map((a) => a.id)).toEqual([goodAnswer.id]);
      const more = await reader.request<{ items: Answer[] }>(
        'GET',
        `/posts/${question.id}/answers`,
      );
      expect(more.body.items.map((a) => a.id)).toEqual([goodAnswer.id]);
      expect(await uploadStatus(reader, picture)).toBe(404);
      expect(await subscribeError(reader, hiddenPost.id)).toBe('post_not_found');
    }
    expect(await unreadIn(member)).toBe(0);

    // Its author and moderators still see it all, marked.
    for (const insider of [author, moderator]) {
      const read = await insider.request<PostWithAnswers>('GET', `/posts/${hiddenPost.id}`);
      expect(read.status).toBe(200);
      expect(read.body.post.hidden).toBe(true);
      const list = await insider.request<FeedPage>('GET', `/feed?channelId=${channel.id}`);
      expect(list.body.items.find((p) => p.id === hiddenPost.id)?.hidden).toBe(true);
      const thread = await insider.request<PostWithAnswers>('GET', `/posts/${question.id}`);
      expect(thread.body.answers.find((a) => a.id === spamAnswer.id)?.hidden).toBe(true);
    }

    // Restored, everyone sees them again, without the mark.
    for (const target of [
      { targetType: 'post', targetId: hiddenPost.id },
      { targetType: 'answer', targetId: spamAnswer.id },
    ]) {
      const reply = await moderate(moderator, { ...target, action: 'restore', reason: 'Fine' });
      expect(reply.status).toBe(200);
      expect(reply.body.target.hidden).toBe(false);
    }
    for (const reader of [outsider, member]) {
      const read = await reader.request<PostWithAnswers>('GET', `/posts/${hiddenPost.id}`);
      expect(read.status).toBe(200);
      expect(read.body.post.hidden).toBeUndefined();
      expect(await feedIds(reader, `/feed?channelId=${channel.id}`)).toContain(hiddenPost.id);
      const thread = await reader.request<PostWithAnswers>('GET', `/posts/${question.id}`);
      expect(thread.body.answers.map((a) => a.id).sort()).toEqual(
        [spamAnswer.id, goodAnswer.id].sort(),
      );
      expect(await uploadStatus(reader, picture)).toBe(200);
    }
  });

  it('keeps the queue and actions to moderators and admins, and audits every action', async () => {
    const post = await create(author, { kind: 'tip', title: 'Off topic tip' });
    const flagged = await member.request<{ flag: { id: string; status: string } }>(
      'POST',
      '/flags',
      { targetType: 'post', targetId: post.id, reason: 'off_topic', note: 'Not about deploys' },
    );
    expect(flagged.status).toBe(201);
    expect(flagged.body.flag.status).toBe('open');
    const again = await member.request<ErrorReply>('POST', '/flags', {
      targetType: 'post',
      targetId: post.id,
      reason: 'spam',
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('already_flagged');
    const own = await author.request<ErrorReply>('POST', '/flags', {
      targetType: 'post',
      targetId: post.id,
      reason: 'spam',
    });
    expect(own.status).toBe(400);
    expect(own.body.error.code).toBe('cannot_flag_own');

    for (const who of [member, author, outsider]) {
      expect((await who.request('GET', '/moderation/queue')).status).toBe(403);
      const refused = await moderate(who, {
        targetType: 'post',
        targetId: post.id,
        action: 'hide',
      });
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('forbidden');
    }

    const queue = await moderator.request<QueuePage>('GET', '/moderation/queue?status=open');
    expect(queue.status).toBe(200);
    const item = queue.body.items.find((i) => i.target.id === post.id);
    expect(item).toMatchObject({
      status: 'open',
      flagCount: 1,
      flags: [{ reason: 'off_topic', note: 'Not about deploys', reporter: { id: member.user.id } }],
      target: { type: 'post', title: 'Off topic tip', hidden: false, deleted: false },
    });

    const locked = await moderate(moderator, {
      targetType: 'post',
      targetId: post.id,
      action: 'lock',
      reason: 'Settled',
    });
    expect(locked.status).toBe(200);
    expect(locked.body).toMatchObject({ resolvedFlags: 1, target: { locked: true } });
    const resolved = await admin.request<QueuePage>('GET', '/moderation/queue?status=resolved');
    expect(resolved.body.items.find((i) => i.target.id === post.id)).toMatchObject({
      status: 'resolved',
      flags: [{ status: 'resolved', resolution: 'lock' }],
    });
    const bad = await moderate(moderator, {
      targetType: 'post',
      targetId: post.id,
      action: 'ban',
    });
    expect(bad.status).toBe(400);

    const audit = await admin.request<AuditPage>('GET', '/admin/audit?action=moderation.lock');
    expect(audit.body.items).toContainEqual(
      expect.objectContaining({
        action: 'moderation.lock',
        actor: { id: moderator.user.id, handle: moderator.user.handle },
        target: { type: 'post', id: post.id, label: 'Off topic tip' },
        details: expect.objectContaining({ targetType: 'post', reason: 'Settled' }),
      }),
    );
  });
});
