import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '@outloud/db';
import type { Actor } from '@outloud/contracts';
import type { Kysely } from 'kysely';
import type { GatewayDatabase } from '../src/db.js';
import { createNewcomerGuard, type NewcomerGuard } from '../src/newcomers/newcomers.guard.js';
import type { NewcomersDatabase } from '../src/newcomers/newcomers.tables.js';
import { createWorld, newAccount, register, type TestWorld } from './helpers.js';

const limits = { hours: 24, posts: 3, links: 2 };

describe('newcomer guard', () => {
  let world: TestWorld;
  /** A second pool, as another gateway instance would have. */
  let otherDb: Kysely<GatewayDatabase>;
  let now: Date;
  const clock = () => now;
  let guards: NewcomerGuard[];

  beforeAll(async () => {
    world = await createWorld();
    otherDb = createDb<GatewayDatabase>({ url: world.database.url, max: 5 });
    guards = [world.db, otherDb].map((db) =>
      createNewcomerGuard({ db: db.withTables<NewcomersDatabase>(), limits, clock }),
    );
  });
  afterAll(async () => {
    await otherDb?.destroy();
    await world?.close();
  });

  /** A newly registered person, as the gateway's actor for them, made at `now`. */
  const newcomer = async (): Promise<Actor> => {
    const app = await world.app();
    const { user } = await register(app, newAccount());
    now = new Date(user.createdAt);
    return { ...user, roles: ['member'], since: user.createdAt };
  };
  const later = (hours: number) => new Date(now.getTime() + hours * 3_600_000);
  const write = (guard: NewcomerGuard, actor: Actor, body = 'text') =>
    guard.admit(
      actor,
      { kind: 'post', body },
      async () => ({ id: randomUUID() }),
      (r) => r.id,
    );
  const codeOf = (promise: Promise<unknown>) =>
    promise.then(
      () => 'written',
      (error: { code?: string }) => error.code,
    );

  it('counts writes through every gateway, and refuses what would pass the cap at once', async () => {
    const actor = await newcomer();
    const results = await Promise.all(
      Array.from({ length: 7 }, (_, i) => codeOf(write(guards[i % 2]!, actor))),
    );
    expect(results.filter((r) => r === 'written')).toHaveLength(3);
    expect(results.filter((r) => r === 'newcomer_post_limit')).toHaveLength(4);
  });

  it('gives a failed write back', async () => {
    const actor = await newcomer();
    const failing = guards[0]!.admit(actor, { kind: 'answer', body: 'x' }, () =>
      Promise.reject(new Error('feed said no')),
    );
    await expect(failing).rejects.toThrow('feed said no');
    for (let i = 0; i < 3; i++) expect(await codeOf(write(guards[1]!, actor))).toBe('written');
    expect(await codeOf(write(guards[0]!, actor))).toBe('newcomer_post_limit');
  });

  it('measures an edit against the most links its post held', async () => {
    const actor = await newcomer();
    const { id } = await write(guards[0]!, actor, '[a](https://a.example)');
    const edit = (body: string) =>
      codeOf(guards[1]!.admit(actor, { kind: 'edit', body, targetId: id }, async () => 'ok'));
    expect(await edit('[a](https://a.example) reworded')).toBe('written');
    expect(await edit('https://b.example instead')).toBe('written');
    expect(await edit('https://b.example and https://c.example')).toBe('written');
    expect(await edit('https://b.example https://c.example https://d.example')).toBe(
      'newcomer_link_limit',
    );
  });

  it('lifts the caps when the first day is over (injected clock)', async () => {
    const actor = await newcomer();
    for (let i = 0; i < 3; i++) await write(guards[0]!, actor);
    now = later(23);
    const refused = await write(guards[0]!, actor).catch(
      (error: { retryAfterSeconds?: number }) => error,
    );
    expect(refused).toMatchObject({ code: 'newcomer_post_limit', retryAfterSeconds: 3_600 });
    now = later(1);
    expect(await codeOf(write(guards[1]!, actor, 'https://x.example https://y.example'))).toBe(
      'written',
    );
  });

  it('clears the rows of people whose first day is over as newcomers write (injected clock)', async () => {
    const rowsOf = (userId: string) =>
      world.db
        .withTables<NewcomersDatabase>()
        .selectFrom('identity.newcomerWrites')
        .select('id')
        .where('userId', '=', userId)
        .execute();
    const early = await newcomer();
    await write(guards[0]!, early);
    await write(guards[0]!, early, 'https://a.example');
    expect(await rowsOf(early.id)).toHaveLength(2);
    const next = await newcomer();
    await write(guards[0]!, next);
    // A day later someone new writes: the rows of the first day's newcomers go.
    const tomorrows = await newcomer();
    now = later(25);
    const latecomer = { ...tomorrows, since: now.toISOString() };
    expect(await codeOf(write(guards[1]!, latecomer))).toBe('written');
    expect(await rowsOf(early.id)).toHaveLength(0);
    expect(await rowsOf(next.id)).toHaveLength(0);
    expect(await rowsOf(latecomer.id)).toHaveLength(1);
  });

  it('asks nothing of the database for established members and people with a role', async () => {
    const actor = await newcomer();
    const noDatabase = createNewcomerGuard({
      db: undefined as never, // any query would throw
      limits,
      clock,
    });
    const established = { ...actor, since: later(-25).toISOString() };
    const trainer = { ...actor, roles: ['member', 'ld'] as Actor['roles'] };
    for (const who of [established, trainer])
      for (let i = 0; i < 5; i++)
        expect(await codeOf(write(noDatabase, who, 'https://a.example https://b.example'))).toBe(
          'written',
        );
  });
});
