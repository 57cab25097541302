import { createEnvelope, publishEvent } from '@outloud/bus';
import type { UserChangedV1 } from '@outloud/contracts';
import { eventually } from '@outloud/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyUserChanged } from '../src/authors/identity-events.js';
import { feedWorld, makeActor, type FeedWorld } from './world.js';

let world: FeedWorld;
beforeAll(async () => {
  world = await feedWorld();
});
afterAll(async () => world?.[Symbol.asyncDispose]());

function userChanged(
  person: { id: string; handle: string },
  data: { displayName: string; avatarUrl: string | null },
  at: Date,
): UserChangedV1 {
  return createEnvelope(
    'identity.user.changed.v1',
    { id: person.id, handle: person.handle, status: 'active' as const, ...data },
    null,
    at,
  );
}

const tip = (channelId: string) => ({
  channelId,
  kind: 'tip' as const,
  title: 'Name your branches after tickets',
  body: 'Easier to find later.',
  tags: [],
});

describe('identity events in the feed', () => {
  it('puts a new name and picture on the author of posts, answers and member lists', async () => {
    const ada = makeActor();
    const { post } = await world.client.call('createPost', {
      actor: ada,
      input: tip(world.generalId),
    });
    await world.client.call('createAnswer', {
      actor: ada,
      postId: post.id,
      input: { body: 'And delete them once merged.' },
    });
    const event = userChanged(
      ada,
      {
        displayName: 'Ada L.',
        avatarUrl: '/api/v1/avatars/00000000-0000-4000-8000-000000000001.webp',
      },
      new Date(),
    );
    await publishEvent(world.nc, world.names.subject('evt.identity.user.changed'), event);

    const expected = {
      id: ada.id,
      handle: ada.handle,
      displayName: 'Ada L.',
      avatarUrl: '/api/v1/avatars/00000000-0000-4000-8000-000000000001.webp',
    };
    const thread = await eventually(async () => {
      const got = await world.client.call('getPost', { actor: ada, id: post.id });
      return got.post.author.avatarUrl ? got : undefined;
    });
    expect(thread.post.author).toEqual(expected);
    expect(thread.answers[0]?.author).toEqual(expected);
  });

  it('ignores an event older than the one applied, and applies the same one twice as once', async () => {
    const bob = makeActor();
    const newer = userChanged(
      bob,
      { displayName: 'Bob New', avatarUrl: null },
      new Date(2026, 5, 2),
    );
    const older = userChanged(
      bob,
      { displayName: 'Bob Old', avatarUrl: '/api/v1/avatars/x.webp' },
      new Date(2026, 5, 1),
    );
    await applyUserChanged(world.db, newer, new Date());
    await applyUserChanged(world.db, older, new Date());
    await applyUserChanged(world.db, newer, new Date());
    const row = await world.db
      .selectFrom('feed.authors')
      .select(['displayName', 'avatarUrl', 'profileAt'])
      .where('id', '=', bob.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      displayName: 'Bob New',
      avatarUrl: null,
      profileAt: new Date(2026, 5, 2),
    });
  });
});
