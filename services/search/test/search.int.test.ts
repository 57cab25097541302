import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as bus from '@outloud/bus';
import { createEnvelope, publishEvent, rpcClient, type NatsConnection } from '@outloud/bus';
import { SearchRpc, type Actor, type Names, type Post, type Visibility } from '@outloud/contracts';
import {
  createServiceWorld,
  eventually,
  makePost as eventPost,
  silentLogger,
  testMeili,
  type ServiceWorld,
} from '@outloud/testkit';
import { sql, type Kysely } from 'kysely';
import { searchMigrations, startSearch, type SearchService } from '../src/app.js';
import type { SearchDB } from '../src/db.js';
import { markDirty } from '../src/projection/projection.repository.js';

const PUBLIC = randomUUID();
const SECRET = randomUUID();
const actor: Actor = {
  id: randomUUID(),
  handle: 'ada',
  displayName: 'Ada Lovelace',
  roles: ['member'],
};

/** A tip by Ada in the public channel. */
const makePost = (overrides: Partial<Post> = {}): Post =>
  eventPost(actor, { channelId: PUBLIC, ...overrides });

describe('search service', () => {
  let world: ServiceWorld<NatsConnection>;
  let db: Kysely<SearchDB>;
  let nc: NatsConnection;
  let names: Names;
  let search: SearchService;
  let client: ReturnType<typeof rpcClient<typeof SearchRpc>>;

  const publishCreated = async (post: Post, visibility: Visibility = 'public', msgID?: string) => {
    const envelope = createEnvelope(
      'feed.post.created.v1',
      { post, channel: { id: post.channelId, visibility }, version: 1 },
      actor,
    );
    await publishEvent(nc, names.subject('evt.feed.post.created'), envelope, { msgID });
    return envelope;
  };
  const find = (q: string, channelIds = [PUBLIC], extra: Record<string, string> = {}) =>
    client.call('search', { actor, channelIds, query: { q, ...extra } });
  const waitForHit = (q: string, id: string, channelIds = [PUBLIC]) =>
    eventually(
      async () => {
        const result = await find(q, channelIds);
        return result.hits.find((h) => h.id === id) ? result : undefined;
      },
      { what: `"${q}" to find ${id}` },
    );

  beforeAll(async () => {
    world = await createServiceWorld({ migrations: [searchMigrations], bus, name: 'search-test' });
    db = world.pool<SearchDB>();
    ({ nc, names } = world);
    search = await startSearch({ db, nc, names, meili: testMeili(), logger: silentLogger });
    client = rpcClient({ nc, names, service: 'search', schemas: SearchRpc });
  });

  afterAll(async () => {
    await search.stop();
    await search.meili.deleteIndex(names.index('posts')).waitTask();
    await world[Symbol.asyncDispose]();
  });

  it('marks one person from transactions side by side without one waiting for the other', async () => {
    const person = randomUUID();
    const order: string[] = [];
    await db.transaction().execute(async (first) => {
      await markDirty(first, 'person', [person]);
      // The event of another post by the same person, applied while the first is still open.
      await db.transaction().execute(async (second) => {
        await sql`set local lock_timeout = '1s'`.execute(second);
        await markDirty(second, 'person', [person]);
      });
      order.push('second committed');
    });
    order.push('first committed');
    expect(order).toEqual(['second committed', 'first committed']);
  });

  it('finds a new post by a misspelt word and highlights the match safely', async () => {
    const post = makePost({
      title: 'Debugging with git bisect',
      bodyHtml: '<p>Bisect finds the commit that broke <code>&lt;main&gt;</code> quickly.</p>',
      tags: ['git'],
    });
    await publishCreated(post);
    const result = await waitForHit('bisetc', post.id);
    const hit = result.hits.find((h) => h.id === post.id)!;
    expect(hit).toMatchObject({
      kind: 'tip',
      title: post.title,
      channelId: PUBLIC,
      tags: ['git'],
      author: post.author,
    });
    expect(hit.snippet).toContain('<mark>Bisect</mark>');
    expect(hit.snippet).toContain('&lt;main&gt;');
    expect(hit.snippet.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);
    expect(result.facets.kind).toMatchObject({ tip: 1 });
    expect(result.estimatedTotal).toBeGreaterThanOrEqual(1);
  });

  it('never returns a post outside the channels the actor may see, whatever the query says', async () => {
    const post = makePost({ channelId: SECRET, title: 'Confidential reorganisation plan' });
    await publishCreated(post, 'private');
    await waitForHit('reorganisation', post.id, [PUBLIC, SECRET]);
    expect((await find('reorganisation')).hits).toEqual([]);
    expect((await find('reorganisation', [PUBLIC], { channelId: SECRET })).hits).toEqual([]);
    expect((await find('reorganisation" OR channelId = "' + SECRET)).hits).toEqual([]);
    expect((await find('reorganisation', [])).hits).toEqual([]);
  });

  it('filters by kind and tag', async () => {
    const question = makePost({
      kind: 'question',
      title: 'How do I squash commits?',
      tags: ['git', 'rebase'],
    });
    await publishCreated(question);
    await waitForHit('squash', question.id);
    expect((await find('squash', [PUBLIC], { kind: 'tip' })).hits).toEqual([]);
    expect(
      (await find('squash', [PUBLIC], { kind: 'question', tag: 'rebase' })).hits.map((h) => h.id),
    ).toEqual([question.id]);
  });

  it('changes nothing when an event is delivered again', async () => {
    const post = makePost({ title: 'Idempotent kubernetes rollout' });
    const envelope = await publishCreated(post);
    await waitForHit('kubernetes rollout', post.id);
    const before = search.consumer.stats.handled;
    // A redelivery under another message id, so JetStream stores it twice.
    await publishEvent(nc, names.subject('evt.feed.post.created'), envelope, {
      msgID: `${envelope.id}-again`,
    });
    await eventually(() => (search.consumer.stats.handled > before ? true : undefined), {
      what: 'redelivery handled',
    });
    const result = await find('kubernetes rollout');
    expect(result.hits.filter((h) => h.id === post.id)).toHaveLength(1);
    const row = await db
      .selectFrom('search.postFacts')
      .selectAll()
      .where('postId', '=', post.id)
      .executeTakeFirstOrThrow();
    expect(row.version).toBe(1);
  });

  it('applies edits and deletes, and ignores an older event that arrives late', async () => {
    const post = makePost({ title: 'Original heading about ansible' });
    await publishCreated(post);
    await waitForHit('ansible', post.id);
    const edited = { ...post, title: 'Renamed heading about saltstack' };
    const v3 = createEnvelope(
      'feed.post.updated.v1',
      {
        post: edited,
        channel: { id: PUBLIC, visibility: 'public' as const },
        version: 3,
        changed: ['title'],
      },
      actor,
    );
    const v2 = createEnvelope(
      'feed.post.updated.v1',
      {
        post: { ...post, title: 'Stale heading about puppet' },
        channel: { id: PUBLIC, visibility: 'public' as const },
        version: 2,
        changed: ['title'],
      },
      actor,
    );
    await publishEvent(nc, names.subject('evt.feed.post.updated'), v3);
    await waitForHit('saltstack', post.id);
    await publishEvent(nc, names.subject('evt.feed.post.updated'), v2);
    const before = search.consumer.stats.handled;
    await eventually(() => (search.consumer.stats.handled > before ? true : undefined), {
      what: 'stale event handled',
    });
    await new Promise((r) => setTimeout(r, 300));
    expect((await find('puppet')).hits.map((h) => h.id)).not.toContain(post.id);
    expect((await find('saltstack')).hits.map((h) => h.id)).toContain(post.id);

    const deleted = createEnvelope(
      'feed.post.deleted.v1',
      {
        postId: post.id,
        authorId: actor.id,
        channel: { id: PUBLIC, visibility: 'public' as const },
        version: 4,
      },
      actor,
    );
    await publishEvent(nc, names.subject('evt.feed.post.deleted'), deleted);
    await eventually(
      async () => ((await find('saltstack')).hits.some((h) => h.id === post.id) ? undefined : true),
      {
        what: 'the deleted post to leave the index',
      },
    );
  });

  it("shows an author's new name and picture on every instance once identity announces them", async () => {
    // A second instance: the durable consumer hands the identity event to one of the two, so the
    // other learns of it only from the event on the bus, with the author already kept from
    // earlier searches.
    const other = await startSearch({ db, nc, names, meili: testMeili(), logger: silentLogger });
    try {
      const post = makePost({ title: 'Renaming people: pagerduty rotations' });
      await publishCreated(post);
      await waitForHit('pagerduty', post.id);
      for (let i = 0; i < 6; i++) await find('pagerduty');
      const avatarUrl = `/api/v1/avatars/${randomUUID()}.webp`;
      await publishEvent(
        nc,
        names.subject('evt.identity.user.changed'),
        createEnvelope(
          'identity.user.changed.v1',
          {
            id: actor.id,
            handle: actor.handle,
            displayName: 'Ada King',
            avatarUrl,
            status: 'active' as const,
          },
          null,
        ),
      );
      const renamed = (hits: { id: string; author: { displayName: string } }[]) =>
        hits.find((h) => h.id === post.id)?.author.displayName === 'Ada King';
      await eventually(async () => (renamed((await find('pagerduty')).hits) ? true : undefined), {
        what: 'the new name in a hit',
      });
      // Requests are spread over both instances: none of them answers with the old name.
      for (let i = 0; i < 10; i++) {
        const hit = (await find('pagerduty')).hits.find((h) => h.id === post.id);
        expect(hit?.author).toEqual({
          id: actor.id,
          handle: actor.handle,
          displayName: 'Ada King',
          avatarUrl,
        });
      }
    } finally {
      await other.stop();
    }
  });

  it('catches up on events published while it was stopped', async () => {
    await search.stop();
    const post = makePost({ title: 'Written while search was down: terraform modules' });
    await publishCreated(post);
    search = await startSearch({ db, nc, names, meili: testMeili(), logger: silentLogger });
    await waitForHit('terraform', post.id);
  });
});
