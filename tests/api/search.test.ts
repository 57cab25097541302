import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rpcClient } from '@outloud/bus';
import {
  FeedRpc,
  type Answer,
  type Channel,
  type ExpertsResponse,
  type Post,
  type SearchResponse,
  type SimilarResponse,
} from '@outloud/contracts';
import { reindex } from '@outloud/search';
import { eventually } from '@outloud/testkit';
import { sql } from 'kysely';
import { apiWorld, type ApiWorld, type Person } from '../support/api-world.js';

describe('search and expertise through the API', () => {
  let world: ApiWorld;
  let asker: Person;
  let expert: Person;
  let outsider: Person;
  let general: Channel;
  let secret: Channel;

  beforeAll(async () => {
    world = await apiWorld();
    asker = await world.person();
    expert = await world.person();
    outsider = await world.person();
    general = (await asker.request<{ items: Channel[] }>('GET', '/channels')).body.items.find(
      (c) => c.slug === 'general',
    )!;
    secret = (
      await expert.request<{ channel: Channel }>('POST', '/channels', {
        slug: 'secret-ops',
        name: 'Secret ops',
        visibility: 'private',
      })
    ).body.channel;
  });
  afterAll(async () => world?.[Symbol.asyncDispose]());

  const search = (who: Person, query: string) =>
    who.request<SearchResponse>('GET', `/search?${query}`);
  const searchable = (who: Person, q: string, id: string) =>
    eventually(
      async () =>
        (await search(who, `q=${encodeURIComponent(q)}`)).body.hits.some((h) => h.id === id)
          ? true
          : undefined,
      {
        what: `"${q}" to find ${id}`,
      },
    );

  it('finds questions by the text of their accepted answer, and experts by tag', async () => {
    const question = (
      await asker.request<{ post: Post }>('POST', '/posts', {
        channelId: general.id,
        kind: 'question',
        title: 'Pods keep restarting',
        body: 'Why?',
        tags: ['kubernetes'],
      })
    ).body.post;
    const answer = (
      await expert.request<{ answer: Answer }>('POST', `/posts/${question.id}/answers`, {
        body: 'Your liveness probe times out; raise its timeoutSeconds.',
      })
    ).body.answer;
    await asker.request('POST', `/answers/${answer.id}/accept`);
    await searchable(outsider, 'timeoutSeconds', question.id);

    const experts = await eventually(
      async () => {
        const found = await outsider.request<ExpertsResponse>('GET', '/experts?topic=kubernetes');
        return found.body.items.length ? found.body : undefined;
      },
      { what: 'an expert' },
    );
    expect(experts.topicTags).toEqual(['kubernetes']);
    expect(experts.items[0]).toMatchObject({
      user: { id: expert.user.id, handle: expert.user.handle, roles: ['member'] },
      evidence: {
        answers: 1,
        acceptedAnswers: 1,
        samplePostIds: [question.id],
        samplePosts: [{ id: question.id, title: 'Pods keep restarting' }],
      },
    });

    // The acceptance reaches the index a moment after the answer did.
    const similar = await eventually(
      async () => {
        const found = await asker.request<SimilarResponse>(
          'GET',
          '/search/similar?title=pods%20restarting',
        );
        return found.body.items[0]?.accepted ? found.body : undefined;
      },
      { what: 'the accepted question among similar ones' },
    );
    expect(similar.items[0]).toMatchObject({ id: question.id, accepted: true, answerCount: 1 });
  });

  it("names an expert's sample posts by title, leaving out those the asker may not see", async () => {
    const mentor = await world.person();
    const vault = (
      await mentor.request<{ channel: Channel }>('POST', '/channels', {
        slug: 'platform-vault',
        name: 'Platform vault',
        visibility: 'private',
      })
    ).body.channel;
    const tip = (title: string, channelId: string) =>
      mentor
        .request<{ post: Post }>('POST', '/posts', {
          channelId,
          kind: 'tip',
          title,
          body: 'Lock the state before you apply.',
          tags: ['terraform'],
        })
        .then((reply) => reply.body.post);
    const open = await tip('Terraform state locking', general.id);
    const hidden = await tip('Terraform in the platform vault', vault.id);
    const samplesFor = (who: Person, count: number) =>
      eventually(
        async () => {
          const found = await who.request<ExpertsResponse>('GET', '/experts?topic=terraform');
          const evidence = found.body.items[0]?.evidence;
          return evidence && evidence.samplePosts.length >= count ? evidence : undefined;
        },
        { what: `${count} terraform samples` },
      );

    const outside = await samplesFor(outsider, 1);
    expect(outside.samplePosts).toEqual([{ id: open.id, title: 'Terraform state locking' }]);
    expect(outside.samplePostIds).toEqual([open.id]);

    const inside = await samplesFor(mentor, 2);
    expect(inside.samplePosts).toEqual(
      expect.arrayContaining([
        { id: open.id, title: 'Terraform state locking' },
        { id: hidden.id, title: 'Terraform in the platform vault' },
      ]),
    );
    expect(inside.samplePostIds).toEqual(inside.samplePosts.map((sample) => sample.id));
  });

  it('never shows private content to outsiders, whatever they send', async () => {
    const hidden = (
      await expert.request<{ post: Post }>('POST', '/posts', {
        channelId: secret.id,
        kind: 'tip',
        title: 'Quarterly zanzibar migration',
        body: 'Internal only.',
        tags: ['zanzibar'],
      })
    ).body.post;
    await searchable(expert, 'zanzibar', hidden.id);
    for (const query of [
      'q=zanzibar',
      `q=zanzibar&channelId=${secret.id}`,
      'q=zanzibar&tag=zanzibar',
      `q=${encodeURIComponent(`zanzibar" OR channelId = "${secret.id}`)}`,
      `q=${encodeURIComponent('zanzibar OR visibility = private')}`,
    ]) {
      const result = await search(outsider, query);
      expect({ query, status: result.status, hits: result.body.hits?.length ?? 0 }).toEqual({
        query,
        status: result.status === 400 ? 400 : 200,
        hits: 0,
      });
      expect(JSON.stringify(result.body.facets ?? {})).not.toContain('zanzibar');
    }
    expect(
      (await outsider.request<ExpertsResponse>('GET', '/experts?topic=zanzibar')).body.items,
    ).toEqual([]);
    expect(
      (await outsider.request<SimilarResponse>('GET', '/search/similar?title=zanzibar%20migration'))
        .body.items,
    ).toEqual([]);
    const profile = await outsider.request<{ stats: { tips: number } }>(
      'GET',
      `/users/${expert.user.handle}`,
    );
    expect(profile.body.stats.tips).toBe(0);
  });

  it('rebuilds the projection and the indexes from the feed', async () => {
    const post = (
      await asker.request<{ post: Post }>('POST', '/posts', {
        channelId: general.id,
        kind: 'tip',
        title: 'Rebuildable quokka tip',
        body: 'Survives a reindex.',
        tags: ['quokka'],
      })
    ).body.post;
    const gone = (
      await asker.request<{ post: Post }>('POST', '/posts', {
        channelId: general.id,
        kind: 'tip',
        title: 'Deleted quokka tip',
        body: 'Must not come back.',
        tags: ['quokka'],
      })
    ).body.post;
    await searchable(asker, 'quokka', gone.id);
    await asker.request('DELETE', `/posts/${gone.id}`);
    await eventually(
      async () =>
        (await search(asker, 'q=quokka')).body.hits.some((h) => h.id === gone.id)
          ? undefined
          : true,
      { what: 'the delete' },
    );

    // Lose everything search knows.
    await world.search.meili.index(world.names.index('posts')).deleteAllDocuments().waitTask();
    await sql`truncate search.post_facts, search.answer_facts`.execute(world.searchDb);
    expect((await search(asker, 'q=quokka')).body.hits).toEqual([]);

    const phases = new Set<string>();
    const result = await reindex({
      db: world.searchDb,
      meili: world.search.meili,
      names: world.names,
      feed: rpcClient({ nc: world.nc, names: world.names, service: 'feed', schemas: FeedRpc }),
      onProgress: (phase) => phases.add(phase),
    });
    expect(result.posts).toBeGreaterThan(2);
    expect([...phases]).toEqual(['projection', 'posts', 'people', 'swap']);
    await searchable(asker, 'quokka', post.id);
    expect((await search(asker, 'q=quokka')).body.hits.map((h) => h.id)).not.toContain(gone.id);
    expect(
      (await asker.request<ExpertsResponse>('GET', '/experts?topic=kubernetes')).body.items[0]?.user
        .id,
    ).toBe(expert.user.id);
  });
  it('stops finding a private channel the moment someone is removed from it', async () => {
    const member = await world.person();
    const room = (
      await expert.request<{ channel: Channel }>('POST', '/channels', {
        slug: 'war-room',
        name: 'War room',
        visibility: 'private',
      })
    ).body.channel;
    expect(
      (await expert.request('POST', `/channels/${room.id}/members`, { userId: member.user.id }))
        .status,
    ).toBe(204);
    const plan = (
      await expert.request<{ post: Post }>('POST', '/posts', {
        channelId: room.id,
        kind: 'tip',
        title: 'Platypus rollout plan',
        body: 'Members only.',
      })
    ).body.post;
    await searchable(member, 'platypus', plan.id);
    expect(
      (await expert.request('DELETE', `/channels/${room.id}/members/${member.user.id}`)).status,
    ).toBe(204);
    expect((await search(member, 'q=platypus')).body.hits).toEqual([]);
  });
});
