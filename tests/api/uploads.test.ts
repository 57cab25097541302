import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Answer, Channel, Post, PostWithAnswers, Upload } from '@outloud/contracts';
import { multipartBody, solidPng } from '@outloud/testkit';
import { apiWorld, type ApiWorld, type Person } from '../support/api-world.js';

describe('uploads in posts and answers', () => {
  let world: ApiWorld;
  let dataDir: string;
  let owner: Person;
  let reader: Person;
  let outsider: Person;
  let general: Channel;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'outloud-api-uploads-'));
    world = await apiWorld({ DATA_DIR: dataDir });
    await world.person();
    owner = await world.person();
    reader = await world.person();
    outsider = await world.person();
    general = (await owner.request<{ items: Channel[] }>('GET', '/channels')).body.items.find(
      (c) => c.slug === 'general',
    )!;
  });
  afterAll(async () => {
    await world?.[Symbol.asyncDispose]();
    await rm(dataDir, { recursive: true, force: true });
  });

  const upload = async (person: Person, data: Buffer, filename: string): Promise<Upload> => {
    const body = multipartBody([{ name: 'file', filename, data }]);
    const reply = await world.app.inject({
      method: 'POST',
      url: '/api/v1/uploads',
      headers: {
        cookie: person.cookie,
        'x-csrf-token': person.csrfToken,
        'content-type': body.contentType,
      },
      payload: body.payload,
    });
    expect(reply.statusCode, reply.body).toBe(201);
    return reply.json<{ upload: Upload }>().upload;
  };

  const picture = (person: Person) => upload(person, solidPng(8, 6, [10, 120, 200]), 'chart.png');

  const statusFor = async (person: Person, upload: Upload) =>
    (await world.app.inject({ method: 'GET', url: upload.url, headers: { cookie: person.cookie } }))
      .statusCode;

  const post = async (person: Person, body: string, channelId = general.id) => {
    const reply = await person.request<{ post: Post }>('POST', '/posts', {
      channelId,
      kind: 'tip',
      title: 'With an attachment',
      body,
    });
    expect(reply.status).toBe(201);
    return reply.body.post;
  };

  it('shows an image inline in the post and serves it to readers once the post uses it', async () => {
    const image = await picture(owner);
    expect(await statusFor(reader, image)).toBe(404);

    const created = await post(owner, `Our numbers: ![chart](${image.url})`);
    expect(created.bodyHtml).toBe(`<p>Our numbers: <img src="${image.url}" alt="chart" /></p>`);
    expect(await statusFor(reader, image)).toBe(200);
    expect(await statusFor(outsider, image)).toBe(200);
  });

  it('links a file for download, served to readers of the post', async () => {
    const pdf = await upload(owner, Buffer.from('%PDF-1.4\n%%EOF\n'), 'agenda.pdf');
    const created = await post(owner, `See [agenda.pdf](${pdf.url})`);
    expect(created.bodyHtml).toContain(`<a href="${pdf.url}"`);
    const served = await world.app.inject({
      method: 'GET',
      url: pdf.url,
      headers: { cookie: reader.cookie },
    });
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-disposition']).toMatch(/^attachment; filename="agenda.pdf"/);
  });

  it('keeps an upload in a private channel to its members', async () => {
    const channel = await owner.request<{ channel: Channel }>('POST', '/channels', {
      slug: `secret-${Date.now().toString(36)}`,
      name: 'Secret',
      visibility: 'private',
    });
    expect(channel.status).toBe(201);
    const channelId = channel.body.channel.id;
    expect(
      (await owner.request('POST', `/channels/${channelId}/members`, { userId: reader.user.id }))
        .status,
    ).toBe(204);
    const image = await picture(owner);
    await post(owner, `![plan](${image.url})`, channelId);
    expect(await statusFor(reader, image)).toBe(200);
    expect(await statusFor(outsider, image)).toBe(404);
  });

  it('stops serving others when the post is deleted', async () => {
    const image = await picture(owner);
    const created = await post(owner, `![soon gone](${image.url})`);
    expect(await statusFor(reader, image)).toBe(200);
    expect((await owner.request('DELETE', `/posts/${created.id}`)).status).toBe(204);
    expect(await statusFor(reader, image)).toBe(404);
    expect(await statusFor(owner, image)).toBe(200);
  });

  it("does not expose someone else's upload referenced in another person's post or answer", async () => {
    const privateImage = await picture(owner);
    const thief = await post(outsider, `Look what I found ![x](${privateImage.url})`);
    expect(await statusFor(reader, privateImage)).toBe(404);
    const answer = await outsider.request<{ answer: Answer }>(
      'POST',
      `/posts/${thief.id}/answers`,
      { body: `![again](${privateImage.url})` },
    );
    expect(answer.status).toBe(201);
    expect(await statusFor(reader, privateImage)).toBe(404);
  });

  it("shares an upload used in the owner's answer with readers of the thread", async () => {
    const question = await post(reader, 'How does the chart look?');
    const image = await picture(owner);
    const answer = await owner.request<{ answer: Answer }>(
      'POST',
      `/posts/${question.id}/answers`,
      { body: `Like this: ![chart](${image.url})` },
    );
    expect(answer.status).toBe(201);
    const thread = await reader.request<PostWithAnswers>('GET', `/posts/${question.id}`);
    expect(thread.body.answers[0]?.bodyHtml).toContain(`<img src="${image.url}"`);
    expect(await statusFor(outsider, image)).toBe(200);
  });
});
