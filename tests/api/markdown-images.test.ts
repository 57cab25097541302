import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Answer, Channel, Post, PostWithAnswers } from '@outloud/contracts';
import { apiWorld, type ApiWorld, type Person } from '../support/api-world.js';

describe('images in Markdown', () => {
  let world: ApiWorld;
  let author: Person;
  let general: Channel;

  beforeAll(async () => {
    world = await apiWorld();
    await world.person();
    author = await world.person();
    general = (await author.request<{ items: Channel[] }>('GET', '/channels')).body.items.find(
      (c) => c.slug === 'general',
    )!;
  });
  afterAll(async () => world?.[Symbol.asyncDispose]());

  const tip = async (body: string) => {
    const reply = await author.request<{ post: Post }>('POST', '/posts', {
      channelId: general.id,
      kind: 'tip',
      title: 'A picture',
      body,
    });
    expect(reply.status).toBe(201);
    return reply.body.post;
  };

  it('never makes readers load an API address as an image', async () => {
    const target = await tip('The target');
    const post = await tip(
      `Look ![x](/api/v1/posts/${target.id}) and <img src="/api/v1/me" alt="me">`,
    );
    const reply = await author.request<PostWithAnswers>('GET', `/posts/${post.id}`);
    expect(reply.status).toBe(200);
    expect(reply.body.post.bodyHtml).not.toContain('<img');
    expect(reply.body.post.bodyHtml).toBe('<p>Look x and <a>me</a></p>');
  });

  it('links an off-site image in answers and edits instead of loading it', async () => {
    const post = await tip('Question-free tip');
    const answer = await author.request<{ answer: Answer }>('POST', `/posts/${post.id}/answers`, {
      body: '![chart](https://tracker.example/pixel.png)',
    });
    expect(answer.status).toBe(201);
    expect(answer.body.answer.bodyHtml).toBe(
      '<p><a href="https://tracker.example/pixel.png" rel="nofollow noopener noreferrer ugc" target="_blank">chart</a></p>',
    );
    const edited = await author.request<{ post: Post }>('PATCH', `/posts/${post.id}`, {
      body: '![y](//tracker.example/pixel.png)',
    });
    expect(edited.status).toBe(200);
    expect(edited.body.post.bodyHtml).toBe('<p>y</p>');
  });
});
