import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { up } from '../migrations/20261206110000-rerender-images.js';
import { feedWorld, makeActor, type FeedWorld } from './world.js';

describe('migration 20261206110000-rerender-images', () => {
  let world: FeedWorld;
  const ada = makeActor();

  beforeAll(async () => {
    world = await feedWorld();
  });
  afterAll(async () => {
    await world[Symbol.asyncDispose]();
  });

  it('renders bodies stored under the old rules again, so their hostile images go', async () => {
    const { post } = await world.client.call('createPost', {
      actor: ada,
      input: { channelId: world.generalId, kind: 'question', title: 'Old post', body: 'x' },
    });
    const { answer } = await world.client.call('createAnswer', {
      actor: ada,
      postId: post.id,
      input: { body: 'y' },
    });
    const hostile = `![x](/api/v1/posts/${post.id})`;
    // What the renderer stored before images were restricted.
    const oldHtml = `<p><img src="/api/v1/posts/${post.id}" alt="x" /></p>`;
    await world.db
      .updateTable('feed.posts')
      .set({ body: hostile, bodyHtml: oldHtml })
      .where('id', '=', post.id)
      .execute();
    await world.db
      .updateTable('feed.answers')
      .set({ body: `${hostile} ![chart](https://tracker.example/p.png)`, bodyHtml: oldHtml })
      .where('id', '=', answer.id)
      .execute();

    await up(world.db as never);

    const read = await world.client.call('getPost', { actor: ada, id: post.id });
    expect(read.post.bodyHtml).toBe('<p>x</p>');
    expect(read.answers[0]!.bodyHtml).toBe(
      '<p>x <a href="https://tracker.example/p.png" rel="nofollow noopener noreferrer ugc" target="_blank">chart</a></p>',
    );
  });
});
