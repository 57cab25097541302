import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import type { Channel, ImportJob, ImportPage, Post, PostWithAnswers } from '@outloud/contracts';
import { createDb } from '@outloud/db';
import type { GatewayDatabase } from '@outloud/gateway';
import { eventually, type MultipartPart } from '@outloud/testkit';
import { apiWorld, type ApiWorld, type Person } from '../support/api-world.js';
import { importFinished, sendImport, stackExchangeXml } from '../support/imports.js';

describe('imports', () => {
  let world: ApiWorld;
  let db: Kysely<GatewayDatabase>;
  let admin: Person;
  let matched: Person;
  let member: Person;
  let channel: Channel;
  const word = `zq${Math.random().toString(36).slice(2, 8)}`;

  beforeAll(async () => {
    world = await apiWorld();
    db = createDb<GatewayDatabase>({ url: world.database.url, max: 2 });
    admin = await world.person();
    matched = await world.person();
    member = await world.person();
    const created = await admin.request<{ channel: Channel }>('POST', '/channels', {
      slug: `imported-${word}`,
      name: 'Imported',
      visibility: 'public',
    });
    channel = created.body.channel;
  });
  afterAll(async () => {
    await db?.destroy();
    await world?.[Symbol.asyncDispose]();
  });

  const send = (by: Person, parts: MultipartPart[]) => sendImport(world, by, parts);
  const finished = (id: string) => importFinished(admin, id);
  const run = async (parts: MultipartPart[]) => {
    const started = await send(admin, parts);
    expect(started.status).toBe(202);
    expect(started.body.import.status).toBe('running');
    return finished(started.body.import.id);
  };

  const users = () =>
    stackExchangeXml('users', [
      { Id: 1, DisplayName: 'Matched Person', Email: matched.user.handle + '@example.test' },
      { Id: 2, DisplayName: 'Ada Placeholder', EmailHash: 'abc123' },
    ]);
  const posts = () =>
    stackExchangeXml('posts', [
      {
        Id: 10,
        PostTypeId: 1,
        AcceptedAnswerId: 12,
        CreationDate: '2020-01-02T03:04:05.678',
        Score: 5,
        Body: `<p>How do I roll back a <code>${word}</code> release?</p>`,
        OwnerUserId: 2,
        Title: `Rolling back ${word} releases`,
        Tags: '<kubernetes><Helm.Charts>',
      },
      {
        Id: 11,
        PostTypeId: 2,
        ParentId: 10,
        CreationDate: '2020-01-02T04:00:00.000',
        Score: 2,
        Body: '<p>Try <em>helm rollback</em>.</p>',
        OwnerUserId: 1,
      },
      {
        Id: 12,
        PostTypeId: 2,
        ParentId: 10,
        CreationDate: '2020-01-03T04:00:00.000',
        Score: 9,
        Body: `<p>Use <code>helm rollback ${word} 1</code> @${admin.user.handle}</p>`,
        OwnerUserId: 1,
      },
      {
        Id: 13,
        PostTypeId: 1,
        CreationDate: '2021-05-06T07:08:09.000',
        Score: 0,
        Body: '<p>Which index suits a keyset page?</p>',
        OwnerUserId: 1,
        Title: `Keyset pages in ${word}`,
        Tags: '|postgres|',
      },
      {
        Id: 14,
        PostTypeId: 2,
        ParentId: 13,
        CreationDate: '2021-05-07T07:08:09.000',
        Score: 1,
        Body: '<p>A composite index on (created_at, id).</p>',
        OwnerUserId: 2,
      },
    ]);
  const stackParts = (): MultipartPart[] => [
    { name: 'source', data: 'stackexchange' },
    { name: 'channelId', data: channel.id },
    { name: 'file', filename: 'Posts.xml', contentType: 'application/xml', data: posts() },
    { name: 'file', filename: 'Users.xml', contentType: 'application/xml', data: users() },
    {
      name: 'file',
      filename: 'Tags.xml',
      data: stackExchangeXml('tags', [{ Id: 1, TagName: 'kubernetes' }]),
    },
  ];
  const feedOfChannel = async () =>
    (await admin.request<{ items: Post[] }>('GET', `/feed?channelId=${channel.id}&limit=50`)).body
      .items;

  it('imports a Stack Exchange dump with dates, scores, tags, accepted answers and authors', async () => {
    const job = await run(stackParts());
    expect(job).toMatchObject({
      status: 'succeeded',
      total: 5,
      processed: 5,
      created: 5,
      skipped: 0,
      errors: [],
    });
    const items = await feedOfChannel();
    const rollback = items.find((p) => p.title === `Rolling back ${word} releases`)!;
    expect(rollback).toMatchObject({
      kind: 'question',
      score: 5,
      answerCount: 2,
      tags: ['kubernetes', 'helm-charts'],
      createdAt: '2020-01-02T03:04:05.678Z',
    });
    expect(rollback.author.id).not.toBe(matched.user.id);
    const thread = await admin.request<PostWithAnswers>('GET', `/posts/${rollback.id}`);
    expect(thread.body.post.acceptedAnswerId).toBe(thread.body.answers[0]!.id);
    expect(thread.body.answers[0]).toMatchObject({
      accepted: true,
      score: 9,
      author: { id: matched.user.id },
      createdAt: '2020-01-03T04:00:00.000Z',
    });
    expect(thread.body.answers[0]!.bodyHtml).toContain('<code>');
    const keyset = items.find((p) => p.title === `Keyset pages in ${word}`)!;
    expect(keyset).toMatchObject({ tags: ['postgres'], author: { id: matched.user.id } });
  });

  it('makes placeholders for people without an account: inactive, without a password', async () => {
    const placeholder = await db
      .selectFrom('identity.users')
      .select(['status', 'passwordHash', 'displayName', 'email'])
      .where('displayName', '=', 'Ada Placeholder')
      .execute();
    expect(placeholder).toHaveLength(1);
    expect(placeholder[0]).toMatchObject({ status: 'deactivated', passwordHash: null });
    const login = await world.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: placeholder[0]!.email, password: 'correct horse battery' },
    });
    expect(login.statusCode).toBe(401);
  });

  it('creates nothing new when the same dump is imported again', async () => {
    const before = (await feedOfChannel()).length;
    const job = await run(stackParts());
    expect(job).toMatchObject({ status: 'succeeded', created: 0, skipped: 5, processed: 5 });
    expect(await feedOfChannel()).toHaveLength(before);
    const placeholders = await db
      .selectFrom('identity.users')
      .select('id')
      .where('displayName', '=', 'Ada Placeholder')
      .execute();
    expect(placeholders).toHaveLength(1);
  });

  it('imports another site’s dump, whose ids repeat, into its own channel', async () => {
    const other = (
      await admin.request<{ channel: Channel }>('POST', '/channels', {
        slug: `other-site-${word}`,
        name: 'Other site',
        visibility: 'public',
      })
    ).body.channel;
    const job = await run([
      { name: 'source', data: 'stackexchange' },
      { name: 'channelId', data: other.id },
      {
        name: 'file',
        filename: 'Posts.xml',
        data: stackExchangeXml('posts', [
          {
            Id: 10,
            PostTypeId: 1,
            CreationDate: '2022-03-04T05:06:07.000',
            Score: 1,
            Body: '<p>Where are the floor plans?</p>',
            OwnerUserId: 1,
            Title: `Floor plans of ${word}`,
            Tags: '<facilities>',
          },
        ]),
      },
      {
        name: 'file',
        filename: 'Users.xml',
        data: stackExchangeXml('users', [{ Id: 1, DisplayName: 'Other Site Person' }]),
      },
    ]);
    expect(job).toMatchObject({ status: 'succeeded', created: 1, skipped: 0 });
    const { body } = await admin.request<{ items: Post[] }>('GET', `/feed?channelId=${other.id}`);
    expect(body.items.map((p) => [p.title, p.author.displayName])).toEqual([
      [`Floor plans of ${word}`, 'Other Site Person'],
    ]);
  });

  it('makes imported content searchable and counts it as expertise', async () => {
    const hits = await eventually(
      async () => {
        const { body } = await member.request<{ hits: { title: string }[] }>(
          'GET',
          `/search?q=${word}`,
        );
        return (body.hits?.length ?? 0) >= 2 ? body.hits : undefined;
      },
      // Polled gently: searches count against the reader's rate limit.
      { timeoutMs: 30_000, intervalMs: 500, what: 'imported posts in search' },
    );
    expect(hits.map((h) => h.title)).toContain(`Rolling back ${word} releases`);
    const experts = await eventually(
      async () => {
        const { body } = await member.request<{
          items: { user: { id: string }; evidence: { answers: number; acceptedAnswers: number } }[];
        }>('GET', '/experts?topic=kubernetes');
        return body.items.find((e) => e.user.id === matched.user.id);
      },
      { timeoutMs: 30_000, intervalMs: 500, what: 'the matched person among the experts' },
    );
    expect(experts.evidence).toMatchObject({ answers: 2, acceptedAnswers: 1 });
  });

  it('notifies nobody about imported content', async () => {
    const answers = await db
      .selectFrom('identity.users')
      .select('id')
      .where('displayName', '=', 'Ada Placeholder')
      .executeTakeFirstOrThrow();
    // Wait until the notification service has seen every imported answer, then look.
    await eventually(
      async () => {
        const rows = await world.notifyDb
          .selectFrom('notify.answers')
          .select('id')
          .where('authorId', 'in', [matched.user.id, answers.id])
          .execute();
        return rows.length >= 3 ? rows : undefined;
      },
      { timeoutMs: 20_000, what: 'the notification service to see the answers' },
    );
    for (const person of [admin, matched]) {
      const { body } = await person.request<{ items: unknown[] }>('GET', '/notifications');
      expect(body.items).toEqual([]);
    }
    const routings = await world.notifyDb.selectFrom('notify.routings').select('postId').execute();
    expect(routings).toEqual([]);
  });

  it('imports a Discourse export: topics as questions, replies as answers, the solution accepted', async () => {
    const exported = {
      users: [
        {
          id: 1,
          username: 'matched',
          name: 'Matched',
          email: `${matched.user.handle}@example.test`,
        },
        { id: 2, username: 'grace', name: 'Grace Placeholder' },
      ],
      categories: [{ id: 7, name: 'Ops', slug: 'ops' }],
      topics: [
        {
          id: 100,
          title: `Backups for ${word}`,
          category_id: 7,
          user_id: 2,
          created_at: '2022-02-03T04:05:06Z',
          tags: ['backup'],
          accepted_answer_post_id: 502,
        },
      ],
      posts: [
        {
          id: 501,
          topic_id: 100,
          user_id: 2,
          post_number: 1,
          raw: 'How often?',
          created_at: '2022-02-03T04:05:06Z',
          like_count: 4,
        },
        {
          id: 502,
          topic_id: 100,
          user_id: 1,
          post_number: 2,
          raw: 'Nightly, **tested**.',
          created_at: '2022-02-04T04:05:06Z',
          like_count: 3,
        },
      ],
    };
    const job = await run([
      { name: 'source', data: 'discourse' },
      { name: 'channelId', data: channel.id },
      { name: 'file', filename: 'export.json', data: JSON.stringify(exported) },
    ]);
    expect(job).toMatchObject({ status: 'succeeded', created: 2, total: 2 });
    const topic = (await feedOfChannel()).find((p) => p.title === `Backups for ${word}`)!;
    expect(topic).toMatchObject({
      score: 4,
      tags: ['ops', 'backup'],
      createdAt: '2022-02-03T04:05:06.000Z',
    });
    const thread = await admin.request<PostWithAnswers>('GET', `/posts/${topic.id}`);
    expect(thread.body.answers[0]).toMatchObject({
      accepted: true,
      author: { id: matched.user.id },
    });
    expect(thread.body.answers[0]!.bodyHtml).toContain('<strong>tested</strong>');
  });

  it('sends invitations for a people CSV, reports bad rows, and sends none twice', async () => {
    const first = `ann-${word}@example.test`;
    const second = `bob-${word}@example.test`;
    const csv = [
      'email,name,roles,channels',
      `${first},Ann,ld,${channel.slug}`,
      `${second},Bob,,`,
      'not-an-email,Nobody,,',
      `cy-${word}@example.test,Cy,,no-such-channel`,
    ].join('\n');
    const parts = (): MultipartPart[] => [
      { name: 'source', data: 'people' },
      { name: 'file', filename: 'people.csv', contentType: 'text/csv', data: csv },
    ];
    const job = await run(parts());
    expect(job).toMatchObject({ status: 'succeeded', total: 4, processed: 4, created: 2 });
    expect(job.errors.map((e) => e.item).sort()).toEqual(['line 4', 'line 5']);
    const invitations = await db
      .selectFrom('identity.invitations')
      .select(['email', 'roles', 'channelIds'])
      .where('email', 'in', [first, second])
      .orderBy('email')
      .execute();
    expect(invitations).toEqual([
      { email: first, roles: ['member', 'ld'], channelIds: [channel.id] },
      { email: second, roles: ['member'], channelIds: [] },
    ]);
    const mails = async () =>
      db
        .selectFrom('identity.emails')
        .select('toAddress')
        .where('toAddress', 'in', [first, second])
        .execute();
    expect(await mails()).toHaveLength(2);
    const again = await run(parts());
    expect(again).toMatchObject({ status: 'succeeded', created: 0, skipped: 2 });
    expect(await mails()).toHaveLength(2);
  });

  it('refuses people who are not admins', async () => {
    const response = await send(member, stackParts());
    expect(response.status).toBe(403);
  });

  it('answers 400 for a missing file or an unknown source', async () => {
    const noUsers = await send(
      admin,
      stackParts().filter((p) => p.filename !== 'Users.xml'),
    );
    expect(noUsers.status).toBe(400);
    const unknown = await send(admin, [{ name: 'source', data: 'jira' }, ...stackParts().slice(2)]);
    expect(unknown.status).toBe(400);
  });

  it('ends an import whose server stopped mid-way, saying to run it again', async () => {
    // What a gateway that crashed during an import leaves behind: an import marked running.
    const lost = { id: randomUUID() };
    await sql`insert into identity.imports (id, source, status, channel_id, started_by, started_at)
      values (${lost.id}, 'stackexchange', 'running', ${channel.id}, ${admin.user.id},
              now() - interval '10 minutes')`.execute(db);
    const fresh = await admin.request<{ import: ImportJob }>('GET', `/admin/imports/${lost.id}`);
    expect(fresh.body.import.status).toBe('running');

    // Silent for five minutes: its gateway is gone.
    await sql`update identity.imports set heartbeat_at = now() - interval '5 minutes'
      where id = ${lost.id}`.execute(db);
    const { body } = await admin.request<ImportPage>('GET', '/admin/imports');
    const ended = body.items.find((job) => job.id === lost.id);
    expect(ended).toMatchObject({ status: 'failed', errorCount: 1 });
    expect(ended?.finishedAt).toBeDefined();
    expect(ended?.errors[0]?.message).toMatch(/stopped before it finished; run it again/);
  });

  it('fails an import of malformed XML and says where', async () => {
    const parts = stackParts().map((p) =>
      p.filename === 'Posts.xml' ? { ...p, data: '<posts><row Id="1" PostTypeId="1" </posts>' } : p,
    );
    const job = await run(parts);
    expect(job.status).toBe('failed');
    expect(job.errors[0]).toMatchObject({ item: 'file', message: expect.any(String) });
  });
});
