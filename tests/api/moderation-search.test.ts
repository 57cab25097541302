import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rpcClient } from '@outloud/bus';
import {
  FeedRpc,
  type Answer,
  type Channel,
  type ExpertsResponse,
  type Post,
  type ProfileResponse,
  type SearchResponse,
  type SimilarResponse,
} from '@outloud/contracts';
import { reindex } from '@outloud/search';
import { eventually } from '@outloud/testkit';
import { sql } from 'kysely';
import { apiWorld, type ApiWorld, type Person } from '../support/api-world.js';

/**
 * Hidden content is invisible on every search read path (search, similar questions, experts'
 * evidence, profile figures) to an outsider and to an ordinary member of the channel, while its
 * author and moderators still find it, marked, also after a rebuild; outdated tips rank lower;
 * duplicates lead to their originals.
 */
describe('search under moderation, through the API', () => {
  let world: ApiWorld;
  let admin: Person;
  let moderator: Person;
  let author: Person;
  let helper: Person;
  let member: Person;
  let outsider: Person;
  let kitchen: Channel;

  beforeAll(async () => {
    // Day-one accounts all of them; newcomers' caps are another file's subject.
    world = await apiWorld({ NEWCOMER_HOURS: 0 });
    admin = await world.person();
    moderator = await world.person();
    author = await world.person();
    helper = await world.person();
    member = await world.person();
    outsider = await world.person();
    await world.grantRoles(admin, moderator, ['member', 'moderator']);
    kitchen = (
      await author.request<{ channel: Channel }>('POST', '/channels', {
        slug: 'test-kitchen',
        name: 'Test kitchen',
        visibility: 'public',
      })
    ).body.channel;
    for (const who of [helper, member, moderator])
      expect((await who.request('POST', `/channels/${kitchen.id}/join`)).status).toBe(204);
  });
  afterAll(async () => world?.[Symbol.asyncDispose]());

  const write = async (by: Person, input: Record<string, unknown>) => {
    const reply = await by.request<{ post: Post }>('POST', '/posts', {
      channelId: kitchen.id,
      kind: 'tip',
      body: 'Worth knowing.',
      ...input,
    });
    expect(reply.status).toBe(201);
    return reply.body.post;
  };
  const moderate = async (targetType: 'post' | 'answer', targetId: string, action: string) => {
    const reply = await moderator.request('POST', '/moderation/actions', {
      targetType,
      targetId,
      action,
      reason: 'Checked by the test',
    });
    expect(reply.status).toBe(200);
  };
  const search = async (who: Person, q: string) =>
    (await who.request<SearchResponse>('GET', `/search?q=${encodeURIComponent(q)}`)).body;
  const similar = async (who: Person, title: string) =>
    (
      await who.request<SimilarResponse>(
        'GET',
        `/search/similar?title=${encodeURIComponent(title)}&limit=20`,
      )
    ).body.items;
  const experts = async (who: Person, topic: string) =>
    (await who.request<ExpertsResponse>('GET', `/experts?topic=${encodeURIComponent(topic)}`)).body
      .items;
  const stats = async (who: Person, of: Person) =>
    (await who.request<ProfileResponse>('GET', `/users/${of.user.handle}`)).body.stats;
  /**
   * Waits until `probe` holds for the index. Search follows the feed within moments, but a fresh
   * Meilisearch index's first write can take many seconds on a busy machine.
   */
  const until = <T>(what: string, probe: () => Promise<T | undefined>) =>
    eventually(probe, { what, timeoutMs: 60_000 });

  it('hides a post and an answer from everyone but their authors and moderators, and restore brings them back', async () => {
    const tip = await write(author, {
      title: 'Lasagne layering with bechamel',
      tags: ['pasta'],
    });
    const question = await write(member, {
      kind: 'question',
      title: 'Why does my pasta dough tear?',
      tags: ['pasta'],
    });
    const answer = (
      await helper.request<{ answer: Answer }>('POST', `/posts/${question.id}/answers`, {
        body: 'Let it rest thirty minutes under a quokkacloth.',
      })
    ).body.answer;
    const spamQuestion = await write(author, {
      kind: 'question',
      title: 'Pasta machine settings for lasagne sheets',
      tags: ['pasta'],
    });
    await until('all three in search, with their evidence', async () => {
      const found = await search(member, 'pasta');
      const people = (await experts(member, 'pasta')).map((e) => e.user.id);
      return found.estimatedTotal === 3 &&
        (await search(member, 'quokkacloth')).hits.length === 1 &&
        people.includes(author.user.id) &&
        people.includes(helper.user.id)
        ? true
        : undefined;
    });
    expect(await stats(member, author)).toMatchObject({ tips: 1 });
    expect(await stats(member, helper)).toMatchObject({ answers: 1 });

    await moderate('post', tip.id, 'hide');
    await moderate('answer', answer.id, 'hide');
    await moderate('post', spamQuestion.id, 'hide');

    for (const reader of [member, outsider]) {
      await until('the hidden content to leave search', async () => {
        const found = await search(reader, 'lasagne');
        return found.hits.length === 0 ? found : undefined;
      });
      expect(await search(reader, 'lasagne')).toEqual({
        hits: [],
        facets: { kind: {}, tags: {} },
        estimatedTotal: 0,
      });
      expect((await search(reader, 'quokkacloth')).hits).toEqual([]);
      const pasta = await search(reader, 'pasta');
      expect(pasta.hits.map((h) => h.id)).toEqual([question.id]);
      expect(pasta.hits[0]).not.toHaveProperty('hidden');
      expect(pasta.facets).toEqual({ kind: { question: 1 }, tags: { pasta: 1 } });
      expect(pasta.estimatedTotal).toBe(1);
      expect((await similar(reader, 'pasta machine lasagne')).map((s) => s.id)).not.toContain(
        spamQuestion.id,
      );
      const known = await experts(reader, 'pasta');
      expect(known.map((e) => e.user.id)).not.toContain(author.user.id);
      expect(known.map((e) => e.user.id)).not.toContain(helper.user.id);
      for (const e of known) expect(e.evidence.samplePostIds).not.toContain(tip.id);
      expect(await stats(reader, author)).toMatchObject({ tips: 0, questions: 0 });
      expect(await stats(reader, helper)).toMatchObject({ answers: 0 });
    }

    // Their authors and moderators still find them, marked.
    for (const reader of [author, moderator]) {
      const found = await search(reader, 'lasagne');
      expect(found.hits.map((h) => [h.id, h.hidden])).toEqual(
        expect.arrayContaining([
          [tip.id, true],
          [spamQuestion.id, true],
        ]),
      );
    }
    for (const reader of [helper, moderator])
      expect((await search(reader, 'quokkacloth')).hits).toEqual([
        expect.objectContaining({ id: question.id, hidden: true }),
      ]);
    // Not the asker: the hidden answer is not theirs.
    expect((await search(member, 'quokkacloth')).hits).toEqual([]);

    await moderate('post', tip.id, 'restore');
    await moderate('answer', answer.id, 'restore');
    await until('restored content back for everyone', async () => {
      const people = (await experts(outsider, 'pasta')).map((e) => e.user.id);
      return (await search(outsider, 'lasagne')).hits.some((h) => h.id === tip.id) &&
        (await search(outsider, 'quokkacloth')).hits.length === 1 &&
        people.includes(author.user.id) &&
        people.includes(helper.user.id)
        ? true
        : undefined;
    });
    const back = await search(outsider, 'lasagne');
    expect(back.hits.map((h) => h.id)).toEqual([tip.id]);
    expect(back.hits[0]).not.toHaveProperty('hidden');
    expect(await stats(outsider, author)).toMatchObject({ tips: 1 });
    expect(await stats(outsider, helper)).toMatchObject({ answers: 1 });
    // Every read path for two readers, three times over, each behind an index write: more than
    // the project's 30 s default on a busy machine.
  }, 120_000);

  it('ranks an outdated tip below an equally matching current one', async () => {
    const same = { title: 'Rotate the vault unseal keys', tags: ['vault'] };
    // The older tip comes first between equals until it is marked outdated.
    const older = await write(author, same);
    await until('the older tip in search', async () =>
      (await search(member, 'vault unseal keys')).hits.length === 1 ? true : undefined,
    );
    const newer = await write(helper, same);
    await until('both tips in search', async () =>
      (await search(member, 'vault unseal keys')).hits.length === 2 ? true : undefined,
    );
    const marked = await author.request<{ post: Post }>('PUT', `/posts/${older.id}/review`, {
      action: 'outdated',
    });
    expect(marked.status).toBe(200);
    expect(marked.body.post.outdated).toBe(true);
    const found = await until('the outdated tip to rank lower', async () => {
      const result = await search(member, 'vault unseal keys');
      return result.hits[1]?.outdated ? result : undefined;
    });
    expect(found.hits.map((h) => [h.id, h.outdated])).toEqual([
      [newer.id, false],
      [older.id, true],
    ]);
  });

  it('keeps hidden content hidden and outdated posts marked through a rebuild from the feed', async () => {
    const tip = await write(author, { title: 'Wombat burrow ventilation', tags: ['wombats'] });
    const stale = await write(author, { title: 'Wombat feeding schedule', tags: ['wombats'] });
    const question = await write(member, { kind: 'question', title: 'Wombat sleeping habits' });
    const answer = (
      await helper.request<{ answer: Answer }>('POST', `/posts/${question.id}/answers`, {
        body: 'They nap in a marsupialnook all day.',
      })
    ).body.answer;
    await moderate('post', tip.id, 'hide');
    await moderate('answer', answer.id, 'hide');
    expect(
      (await author.request('PUT', `/posts/${stale.id}/review`, { action: 'outdated' })).status,
    ).toBe(200);
    await until('the changes in search', async () =>
      (await search(moderator, 'marsupialnook')).hits.length === 1 &&
      (await search(author, 'wombat')).hits.some((h) => h.id === stale.id && h.outdated)
        ? true
        : undefined,
    );

    // Lose everything search knows, then rebuild it from the feed's export.
    await world.search.meili.index(world.names.index('posts')).deleteAllDocuments().waitTask();
    await sql`truncate search.post_facts, search.answer_facts`.execute(world.searchDb);
    await reindex({
      db: world.searchDb,
      meili: world.search.meili,
      names: world.names,
      feed: rpcClient({ nc: world.nc, names: world.names, service: 'feed', schemas: FeedRpc }),
    });
    const found = await until('the rebuilt index', async () => {
      const result = await search(author, 'wombat');
      return result.hits.length === 3 ? result : undefined;
    });
    expect(found.hits.map((h) => [h.id, h.hidden ?? false, h.outdated])).toEqual(
      expect.arrayContaining([
        [tip.id, true, false],
        [stale.id, false, true],
        [question.id, false, false],
      ]),
    );
    expect((await search(member, 'wombat')).hits.map((h) => h.id)).not.toContain(tip.id);
    expect((await search(member, 'marsupialnook')).hits).toEqual([]);
    expect((await search(helper, 'marsupialnook')).hits).toEqual([
      expect.objectContaining({ id: question.id, hidden: true }),
    ]);
    // A rebuild builds and swaps whole indexes: more than the 30 s default on a busy machine.
  }, 120_000);

  it("leads a duplicate's similar questions and search hit to its original", async () => {
    const original = await write(helper, {
      kind: 'question',
      title: 'How to rotate postgres credentials',
    });
    const duplicate = await write(member, {
      kind: 'question',
      title: 'Rotating postgres credentials without downtime',
    });
    const closed = await member.request('POST', `/posts/${duplicate.id}/duplicate`, {
      of: original.id,
    });
    expect(closed.status).toBe(200);
    const items = await until('the duplicate to lead to its original', async () => {
      const found = await similar(outsider, 'rotating postgres credentials');
      return found.some((s) => s.id === original.id) && !found.some((s) => s.id === duplicate.id)
        ? found
        : undefined;
    });
    expect(items.filter((s) => s.id === original.id)).toEqual([
      {
        id: original.id,
        title: 'How to rotate postgres credentials',
        answerCount: 0,
        accepted: false,
      },
    ]);
    const hit = (await search(outsider, 'without downtime')).hits.find(
      (h) => h.id === duplicate.id,
    );
    expect(hit?.original).toEqual({
      id: original.id,
      title: 'How to rotate postgres credentials',
    });
  });
});
