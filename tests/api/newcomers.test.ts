import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import type { Answer, Channel, Post } from '@outloud/contracts';
import { createDb } from '@outloud/db';
import { buildApp, gatewayConfig, type App, type GatewayDatabase } from '@outloud/gateway';
import { createLogger } from '@outloud/ops';
import { apiWorld, type ApiWorld, type Person } from '../support/api-world.js';

/** Small caps, so that reaching them takes few requests. */
const caps = { NEWCOMER_HOURS: 24, NEWCOMER_POSTS: 3, NEWCOMER_LINKS: 2 };
const DAY_SECONDS = 24 * 3_600;

interface Reply<T> {
  status: number;
  body: T;
  retryAfter: string | undefined;
}
type ErrorReply = { error: { code: string; message: string } };

describe('newcomer limits', () => {
  let world: ApiWorld;
  let second: App;
  let db: Kysely<GatewayDatabase>;
  let admin: Person;
  let channel: Channel;

  beforeAll(async () => {
    world = await apiWorld(caps);
    admin = await world.person();
    channel = (
      await admin.request<{ channel: Channel }>('POST', '/channels', {
        slug: 'first-steps',
        name: 'First steps',
        visibility: 'public',
      })
    ).body.channel;
    // A second gateway on the same database and bus, as in a deployment with several.
    db = createDb<GatewayDatabase>({ url: world.database.url, max: 3 });
    second = await buildApp({
      config: gatewayConfig({ LOG_LEVEL: 'silent', DATABASE_URL: world.database.url, ...caps }),
      db,
      logger: createLogger('second-gateway', 'silent'),
      bus: { nc: world.nc, names: world.names },
    });
    await second.ready();
  });
  afterAll(async () => {
    await second?.close();
    await db?.destroy();
    await world?.[Symbol.asyncDispose]();
  });

  /** A request as `who`, through the first gateway or `via` another; with `Retry-After`. */
  const send = async <T = unknown>(
    who: Person,
    method: 'POST' | 'PATCH',
    url: string,
    body: object,
    via: App = world.app,
  ): Promise<Reply<T>> => {
    const reply = await via.inject({
      method,
      url: `/api/v1${url}`,
      headers: { cookie: who.cookie, 'x-csrf-token': who.csrfToken },
      payload: body,
    });
    const retryAfter = reply.headers['retry-after'];
    return { status: reply.statusCode, body: reply.json<T>(), retryAfter: retryAfter as string };
  };
  const newcomer = async () => {
    const person = await world.person();
    expect((await person.request('POST', `/channels/${channel.id}/join`)).status).toBe(204);
    return person;
  };
  const post = (who: Person, body = 'How do I start?', via?: App) =>
    send<{ post: Post } & ErrorReply>(
      who,
      'POST',
      '/posts',
      { channelId: channel.id, kind: 'question', title: 'A first question', body },
      via,
    );
  const answer = (who: Person, postId: string, body = 'Like this.') =>
    send<{ answer: Answer } & ErrorReply>(who, 'POST', `/posts/${postId}/answers`, { body });
  const expectRefused = (reply: Reply<ErrorReply>, code: string) => {
    expect(reply.status).toBe(429);
    expect(reply.body.error.code).toBe(code);
    // The caps lift when the account's first day is over: a little under a day from now.
    const seconds = Number(reply.retryAfter);
    expect(seconds).toBeGreaterThan(DAY_SECONDS - 600);
    expect(seconds).toBeLessThanOrEqual(DAY_SECONDS);
  };

  it('caps a fresh member’s new posts and answers together', async () => {
    const newbie = await newcomer();
    const first = await post(newbie);
    expect(first.status).toBe(201);
    expect((await post(newbie)).status).toBe(201);
    expect((await answer(newbie, first.body.post.id)).status).toBe(201);

    const refused = await post(newbie);
    expectRefused(refused, 'newcomer_post_limit');
    expect(refused.body.error.message).toMatch(
      /at most 3 posts and answers in their first 24 hours/,
    );
    expectRefused(await answer(newbie, first.body.post.id), 'newcomer_post_limit');
    // Others may still answer the newcomer.
    expect((await answer(admin, first.body.post.id)).status).toBe(201);
  });

  it('caps the links a fresh member writes, edits included, but not links in code', async () => {
    const newbie = await newcomer();
    const linked = await post(
      newbie,
      'See [the guide](https://guide.example) and www.docs.example',
    );
    expect(linked.status).toBe(201);

    const third = await post(newbie, 'And https://more.example too?');
    expectRefused(third, 'newcomer_link_limit');
    expect(third.body.error.message).toMatch(/at most 2 links/);

    const code = await post(
      newbie,
      'My config: `https://internal.example` and\n\n```\nhttp://x.example\n```',
    );
    expect(code.status).toBe(201);
    // An edit that adds a link counts; one that keeps the links it had does not.
    const addsLink = await send<ErrorReply>(newbie, 'PATCH', `/posts/${code.body.post.id}`, {
      body: 'Now with [a link](https://spam.example)',
    });
    expectRefused(addsLink, 'newcomer_link_limit');
    const reworded = await send(newbie, 'PATCH', `/posts/${linked.body.post.id}`, {
      body: 'Read [the guide](https://guide.example) first, then www.docs.example',
    });
    expect(reworded.status).toBe(200);

    expectRefused(
      await answer(newbie, linked.body.post.id, 'Found it: https://answer.example'),
      'newcomer_link_limit',
    );
    const own = await answer(newbie, linked.body.post.id, 'Found it myself, thanks.');
    expect(own.status).toBe(201);
    expectRefused(
      await send<ErrorReply>(newbie, 'PATCH', `/answers/${own.body.answer.id}`, {
        body: 'Found it: <https://answer.example>',
      }),
      'newcomer_link_limit',
    );
  });

  it('does not count writes the feed refused', async () => {
    const newbie = await newcomer();
    for (let i = 0; i < 3; i++) {
      const lost = await send(newbie, 'POST', '/posts', {
        channelId: '00000000-0000-4000-8000-000000000000',
        kind: 'tip',
        title: 'Nowhere',
        body: 'https://nowhere.example',
      });
      expect(lost.status).toBe(404);
    }
    for (let i = 0; i < 3; i++) expect((await post(newbie)).status).toBe(201);
    expectRefused(await post(newbie), 'newcomer_post_limit');
  });

  it('does not limit a member whose account is past its first day', async () => {
    // Aged before the account's first signed-in request: gateways keep who is behind a session
    // in memory, and an account's creation date never changes outside a test.
    const older = await world.person();
    await sql`update identity.users set created_at = now() - interval '25 hours'
      where id = ${older.user.id}`.execute(db);
    expect((await older.request('POST', `/channels/${channel.id}/join`)).status).toBe(204);
    for (let i = 0; i < 4; i++) {
      const reply = await post(older, `Links: https://a${i}.example https://b${i}.example`);
      expect(reply.status).toBe(201);
    }
  });

  it('does not limit a new member with a role beyond member', async () => {
    const trainer = await newcomer();
    await world.grantRoles(admin, trainer, ['member', 'ld']);
    for (let i = 0; i < 4; i++) {
      const reply = await post(trainer, `Resources: https://a${i}.example https://b${i}.example`);
      expect(reply.status).toBe(201);
    }
  });

  it('holds the count across two gateways on one database, requests at once included', async () => {
    const newbie = await newcomer();
    expect((await post(newbie, 'One', world.app)).status).toBe(201);
    expect((await post(newbie, 'Two', second)).status).toBe(201);
    expect((await post(newbie, 'Three', world.app)).status).toBe(201);
    expectRefused(await post(newbie, 'Four', second), 'newcomer_post_limit');

    const racer = await newcomer();
    const replies = await Promise.all(
      Array.from({ length: 8 }, (_, i) => post(racer, `Race ${i}`, i % 2 ? second : world.app)),
    );
    expect(replies.filter((r) => r.status === 201)).toHaveLength(3);
    for (const refused of replies.filter((r) => r.status !== 201))
      expectRefused(refused, 'newcomer_post_limit');
  });
});
