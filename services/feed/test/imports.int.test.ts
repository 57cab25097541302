import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RpcError } from '@outloud/bus';
import type { Actor, AuthorRef, ImportedItem } from '@outloud/contracts';
import { sql } from 'kysely';
import { feedWorld, makeActor, privateChannel, type FeedWorld } from './world.js';

const refOf = (a: Actor): AuthorRef => ({ id: a.id, handle: a.handle, displayName: a.displayName });

function eventsOf(world: FeedWorld, type: string, postId: string) {
  return sql<{ payload: { data: Record<string, unknown>; actor: unknown } }>`
    select payload from feed.outbox
    where payload->>'type' = ${type} and payload->'data'->'post'->>'id' = ${postId}
    order by id`
    .execute(world.db)
    .then((r) => r.rows.map((row) => row.payload));
}

describe('importContent', () => {
  let world: FeedWorld;
  const admin = makeActor({ roles: ['member', 'admin'] });
  const asker = makeActor();
  const helper = makeActor();
  const source = `stackexchange:${Math.random().toString(36).slice(2, 8)}`;
  const question: ImportedItem & { type: 'question' } = {
    type: 'question',
    externalId: 'post:1',
    title: 'How do I undo a commit?',
    body: '<p>I committed <strong>too early</strong>.</p><script>alert(1)</script>',
    format: 'html',
    tags: ['git', 'undo'],
    author: refOf(asker),
    createdAt: '2019-03-04T05:06:07.000Z',
    score: 12,
  };
  const items: ImportedItem[] = [
    question,
    {
      type: 'answer',
      externalId: 'post:2',
      questionExternalId: 'post:1',
      body: 'Use `git reset HEAD~1`.',
      format: 'markdown',
      author: refOf(helper),
      createdAt: '2019-03-04T06:00:00.000Z',
      score: 7,
      accepted: true,
    },
  ];

  beforeAll(async () => {
    world = await feedWorld();
  });
  afterAll(async () => {
    await world[Symbol.asyncDispose]();
  });

  it('creates questions and answers with their dates, scores, tags and accepted answer', async () => {
    const { results } = await world.client.call('importContent', {
      actor: admin,
      source,
      channelId: world.generalId,
      items,
    });
    expect(results.map((r) => r.outcome)).toEqual(['created', 'created']);
    const { post, answers } = await world.client.call('getPost', {
      actor: asker,
      id: results[0]!.id!,
    });
    expect(post).toMatchObject({
      kind: 'question',
      title: 'How do I undo a commit?',
      tags: ['git', 'undo'],
      score: 12,
      answerCount: 1,
      acceptedAnswerId: results[1]!.id,
      createdAt: '2019-03-04T05:06:07.000Z',
      author: { id: asker.id },
    });
    expect(post.bodyHtml).toContain('<strong>too early</strong>');
    expect(post.body).not.toContain('script');
    expect(answers[0]).toMatchObject({ score: 7, accepted: true, author: { id: helper.id } });
  });

  it('announces imported content with the imported mark and no actor', async () => {
    const [question] = await world.db
      .selectFrom('feed.posts')
      .select('id')
      .where('title', '=', 'How do I undo a commit?')
      .execute();
    const created = await eventsOf(world, 'feed.post.created.v1', question!.id);
    const answered = await eventsOf(world, 'feed.answer.created.v1', question!.id);
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ actor: null, data: { imported: true } });
    expect(answered[0]).toMatchObject({
      data: {
        imported: true,
        answer: { accepted: true },
        post: { acceptedAnswerId: expect.any(String) },
      },
    });
  });

  it('creates nothing twice when the same items come again', async () => {
    const before = await world.db.selectFrom('feed.posts').select('id').execute();
    const { results } = await world.client.call('importContent', {
      actor: admin,
      source,
      channelId: world.generalId,
      items,
    });
    expect(results.map((r) => r.outcome)).toEqual(['skipped', 'skipped']);
    expect(results.every((r) => r.id !== undefined)).toBe(true);
    const after = await world.db.selectFrom('feed.posts').select('id').execute();
    expect(after).toHaveLength(before.length);
  });

  it('fails an answer whose question was never imported, and goes on with the rest', async () => {
    const { results } = await world.client.call('importContent', {
      actor: admin,
      source,
      channelId: world.generalId,
      items: [
        {
          ...(items[1] as ImportedItem & { type: 'answer' }),
          externalId: 'post:9',
          questionExternalId: 'post:8',
        },
        { ...question, externalId: 'post:10', title: 'Another question' },
      ],
    });
    expect(results[0]).toMatchObject({
      outcome: 'failed',
      message: expect.stringContaining('post:8'),
    });
    expect(results[1]).toMatchObject({ outcome: 'created' });
  });

  it('refuses non-admins and unknown channels', async () => {
    await expect(
      world.client.call('importContent', {
        actor: asker,
        source,
        channelId: world.generalId,
        items,
      }),
    ).rejects.toMatchObject({ code: 'forbidden' } satisfies Partial<RpcError>);
    await expect(
      world.client.call('importContent', {
        actor: admin,
        source,
        channelId: '00000000-0000-4000-8000-000000000000',
        items,
      }),
    ).rejects.toMatchObject({ code: 'channel_not_found' });
  });

  it('imports into a private channel the admin does not belong to', async () => {
    const channelId = await privateChannel(world, [asker]);
    const { results } = await world.client.call('importContent', {
      actor: admin,
      source: `${source}-private`,
      channelId,
      items: [items[0]!],
    });
    expect(results[0]).toMatchObject({ outcome: 'created' });
  });
});
