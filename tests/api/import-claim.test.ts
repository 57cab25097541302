import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { Channel, Post, SessionResponse } from '@outloud/contracts';
import { createDb } from '@outloud/db';
import type { GatewayDatabase } from '@outloud/gateway';
import { eventually, type MultipartPart } from '@outloud/testkit';
import { apiWorld, type ApiWorld, type Person } from '../support/api-world.js';
import { importFinished, sendImport, stackExchangeXml } from '../support/imports.js';

/** The person an import kept contributions for under a placeholder takes it over when invited. */
describe('claiming an imported placeholder', () => {
  let world: ApiWorld;
  let db: Kysely<GatewayDatabase>;
  let admin: Person;
  let colleague: Person;
  let channel: Channel;
  const word = `zq${Math.random().toString(36).slice(2, 8)}`;
  const email = `dana-${word}@example.test`;

  beforeAll(async () => {
    world = await apiWorld();
    db = createDb<GatewayDatabase>({ url: world.database.url, max: 2 });
    admin = await world.person();
    colleague = await world.person();
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

  const run = async (parts: MultipartPart[]) => {
    const started = await sendImport(world, admin, parts);
    expect(started.status).toBe(202);
    return importFinished(admin, started.body.import.id);
  };
  const placeholder = () =>
    db
      .selectFrom('identity.users')
      .select(['id', 'status', 'passwordHash'])
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
  const tokenSentTo = async (to: string) => {
    const row = await db
      .selectFrom('identity.emails')
      .select('link')
      .where('toAddress', '=', to)
      .where('purpose', '=', 'invitation')
      .executeTakeFirstOrThrow();
    return new URL(row.link!.replace('#/invite', 'invite')).searchParams.get('token')!;
  };
  const register = (payload: Record<string, string>) =>
    world.app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { password: 'correct horse battery', ...payload },
    });
  const peopleCsv = (rows: string[]): MultipartPart[] => [
    { name: 'source', data: 'people' },
    {
      name: 'file',
      filename: 'people.csv',
      contentType: 'text/csv',
      data: ['email,name,roles,channels', ...rows].join('\n'),
    },
  ];

  let postId: string;
  let token: string;

  it('keeps the contributions of an author without an account under a placeholder', async () => {
    const users = stackExchangeXml('users', [
      { Id: 1, DisplayName: 'Dana Imported', Email: email },
    ]);
    const posts = stackExchangeXml('posts', [
      {
        Id: 10,
        PostTypeId: 1,
        CreationDate: '2020-01-02T03:04:05.000',
        Score: 1,
        Body: `<p>How do ${word} backups work?</p>`,
        OwnerUserId: 1,
        Title: `Backups of ${word}`,
        Tags: '<ops>',
      },
    ]);
    const job = await run([
      { name: 'source', data: 'stackexchange' },
      { name: 'channelId', data: channel.id },
      { name: 'file', filename: 'Posts.xml', contentType: 'application/xml', data: posts },
      { name: 'file', filename: 'Users.xml', contentType: 'application/xml', data: users },
    ]);
    expect(job).toMatchObject({ status: 'succeeded', created: 1 });
    const feed = await admin.request<{ items: Post[] }>('GET', `/feed?channelId=${channel.id}`);
    const post = feed.body.items.find((p) => p.title === `Backups of ${word}`)!;
    const account = await placeholder();
    expect(account).toMatchObject({ status: 'deactivated', passwordHash: null });
    expect(post.author.id).toBe(account.id);
    postId = post.id;
  });

  it('invites the placeholder’s address from a people CSV instead of skipping it', async () => {
    const job = await run(peopleCsv([`${email},Dana,,`]));
    expect(job).toMatchObject({ status: 'succeeded', created: 1, skipped: 0 });
    token = await tokenSentTo(email);
    expect(token).toBeTruthy();
  });

  it('turns the placeholder into the person’s account when they accept the invitation', async () => {
    const { id } = await placeholder();
    const handle = `dana_${word}`;
    const response = await register({ email, handle, displayName: 'Dana', inviteToken: token });
    expect(response.statusCode).toBe(201);
    const session = response.json<SessionResponse>();
    expect(session.user).toMatchObject({ id, handle, displayName: 'Dana' });
    expect(await placeholder()).toMatchObject({
      status: 'active',
      passwordHash: expect.any(String),
    });

    const cookie = response.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const me = await world.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
    expect(me.json<{ user: { id: string } }>().user.id).toBe(id);
    // The feed follows the announced change: the imported post shows the person's new name.
    const post = await eventually(
      async () => {
        const { body } = await admin.request<{ post: Post }>('GET', `/posts/${postId}`);
        return body.post.author.handle === handle ? body.post : undefined;
      },
      { timeoutMs: 20_000, what: 'the feed to follow the claimed account' },
    );
    expect(post.author).toMatchObject({ id, displayName: 'Dana' });
    const edited = await world.app.inject({
      method: 'PATCH',
      url: `/api/v1/posts/${postId}`,
      headers: { cookie, 'x-csrf-token': session.csrfToken },
      payload: { body: `How do ${word} backups work, and how often?` },
    });
    expect(edited.statusCode).toBe(200);
    expect(edited.json<{ post: Post }>().post.author.id).toBe(id);
  });

  it('refuses a second acceptance of the same invitation', async () => {
    const again = await register({
      email,
      handle: `dana2_${word}`,
      displayName: 'Dana again',
      inviteToken: token,
    });
    expect(again.statusCode).toBe(400);
    expect(again.json<{ error: { code: string } }>().error.code).toBe('invalid_token');
  });

  it('skips a claimed address in a later people CSV, like any account', async () => {
    const job = await run(peopleCsv([`${email},Dana,,`]));
    expect(job).toMatchObject({ status: 'succeeded', created: 0, skipped: 1 });
  });

  it('still answers email_taken for an invited sign-up with a real account’s address', async () => {
    const taken = `${colleague.user.handle}@example.test`;
    // Managers cannot see who has an account, so their invitation is made whatever the address.
    const manager = await world.person();
    await world.grantRoles(admin, manager, ['member', 'manager']);
    const sent = await manager.request('POST', '/invitations', { emails: [taken] });
    expect(sent.status).toBe(201);
    const response = await register({
      email: taken,
      handle: `other_${word}`,
      displayName: 'Someone else',
      inviteToken: await tokenSentTo(taken),
    });
    expect(response.statusCode).toBe(409);
    expect(response.json<{ error: { code: string } }>().error.code).toBe('email_taken');
  });
});
