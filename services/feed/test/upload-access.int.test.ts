import { randomUUID } from 'node:crypto';
import { uploadPath } from '@outloud/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedWorld, makeActor, privateChannel, type FeedWorld } from './world.js';

describe('uploadAccess', () => {
  let world: FeedWorld;
  const owner = makeActor();
  const reader = makeActor();
  const other = makeActor();

  beforeAll(async () => {
    world = await feedWorld();
  });
  afterAll(async () => {
    await world[Symbol.asyncDispose]();
  });

  const visible = async (uploadId: string, actor = reader, ownerId = owner.id) =>
    (await world.client.call('uploadAccess', { actor, uploadId, ownerId })).visible;

  const post = async (
    actor: typeof owner,
    body: string,
    channelId: string = world.generalId,
  ): Promise<string> =>
    (
      await world.client.call('createPost', {
        actor,
        input: { channelId, kind: 'tip', title: 'A picture', body },
      })
    ).post.id;

  it('is false for an upload no post uses', async () => {
    expect(await visible(randomUUID())).toBe(false);
  });

  it("is true once the owner's post uses the upload, as an image or a link", async () => {
    const image = randomUUID();
    const file = randomUUID();
    await post(owner, `![chart](${uploadPath(image)}) and [the notes](${uploadPath(file)})`);
    expect(await visible(image)).toBe(true);
    expect(await visible(file)).toBe(true);
  });

  it("never counts someone else's post: referencing an upload does not expose it", async () => {
    const upload = randomUUID();
    await post(other, `![stolen](${uploadPath(upload)})`);
    expect(await visible(upload)).toBe(false);
    // The same body shares the other person's own upload, which is what the rule allows.
    expect(await visible(upload, reader, other.id)).toBe(true);
  });

  it('follows edits: an image taken out of a post is no longer shared through it', async () => {
    const upload = randomUUID();
    const id = await post(owner, `![before](${uploadPath(upload)})`);
    expect(await visible(upload)).toBe(true);
    await world.client.call('updatePost', { actor: owner, id, input: { body: 'No picture now.' } });
    expect(await visible(upload)).toBe(false);
    await world.client.call('updatePost', {
      actor: owner,
      id,
      input: { body: `Back: ![again](${uploadPath(upload)})` },
    });
    expect(await visible(upload)).toBe(true);
  });

  it('ends with the post: a deleted post shares nothing', async () => {
    const upload = randomUUID();
    const id = await post(owner, `![gone soon](${uploadPath(upload)})`);
    await world.client.call('deletePost', { actor: owner, id });
    expect(await visible(upload)).toBe(false);
    expect(await visible(upload, owner)).toBe(false);
  });

  it('shows an upload in a private channel to its members only', async () => {
    const upload = randomUUID();
    const channelId = await privateChannel(world, [owner, reader]);
    await post(owner, `![secret](${uploadPath(upload)})`, channelId);
    expect(await visible(upload, reader)).toBe(true);
    expect(await visible(upload, other)).toBe(false);
  });

  it("counts the owner's answers while they live, not answers by others", async () => {
    const upload = randomUUID();
    const postId = await post(other, 'How do I read this chart?');
    const { answer } = await world.client.call('createAnswer', {
      actor: owner,
      postId,
      input: { body: `Like this: ![annotated](${uploadPath(upload)})` },
    });
    expect(await visible(upload)).toBe(true);

    await world.client.call('updateAnswer', {
      actor: owner,
      id: answer.id,
      input: { body: 'Never mind.' },
    });
    expect(await visible(upload)).toBe(false);
    await world.client.call('updateAnswer', {
      actor: owner,
      id: answer.id,
      input: { body: `Here: ![annotated](${uploadPath(upload)})` },
    });
    expect(await visible(upload)).toBe(true);

    await world.client.call('deleteAnswer', { actor: owner, id: answer.id });
    expect(await visible(upload)).toBe(false);

    const foreign = randomUUID();
    await world.client.call('createAnswer', {
      actor: reader,
      postId,
      input: { body: `![not mine](${uploadPath(foreign)})` },
    });
    expect(await visible(foreign)).toBe(false);
  });
});
