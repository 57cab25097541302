import { describe, expect, it } from 'vitest';
import { issueSetupToken, needsSetup, setupLink } from '../src/identity/setup.js';
import { createWorld, newAccount, register, registerAdmin } from './helpers.js';

const setup = (token: string, account = newAccount()) => ({
  method: 'POST' as const,
  url: '/api/v1/auth/setup',
  payload: { ...account, token },
});

describe('the first admin of an instance', { timeout: 30_000 }, () => {
  it('is not whoever registers first: registering makes members only', async () => {
    await using world = await createWorld();
    const app = await world.app();
    const first = await register(app);
    expect(first.user.roles).toEqual(['member']);
    expect(await needsSetup(world.db)).toBe(true);
  });

  it('comes from the one-time setup link, which works once and then never again', async () => {
    await using world = await createWorld();
    const app = await world.app();
    const token = await issueSetupToken(world.db);
    expect(token).toBeTypeOf('string');
    const spare = await issueSetupToken(world.db);

    const created = await app.inject(setup(token!));
    expect(created.statusCode).toBe(201);
    expect(created.json().user.roles).toEqual(['member', 'admin']);
    expect(created.cookies.some((c) => c.name === 'outloud_session')).toBe(true);

    // The same link again, and any other link printed before, no longer work.
    const again = await app.inject(setup(token!));
    expect(again.statusCode).toBe(400);
    expect(again.json().error.code).toBe('invalid_token');
    expect((await app.inject(setup(spare!))).json().error.code).toBe('invalid_token');
    // And the launcher prints no new link once an admin exists.
    expect(await issueSetupToken(world.db)).toBeNull();
    expect(await needsSetup(world.db)).toBe(false);
  });

  it('is made once even when several setup links are used at the same moment', async () => {
    await using world = await createWorld();
    const app = await world.app();
    const tokens = await Promise.all(Array.from({ length: 5 }, () => issueSetupToken(world.db)));
    const responses = await Promise.all(tokens.map((t) => app.inject(setup(t!))));
    const codes = responses.map((r) => r.statusCode).sort();
    expect(codes.filter((c) => c === 201)).toHaveLength(1);
    expect(codes.filter((c) => c !== 201).every((c) => c === 400 || c === 409)).toBe(true);
    const admins = await world.db
      .selectFrom('identity.users')
      .select('roles')
      .execute()
      .then((rows) => rows.filter((r) => r.roles.includes('admin')));
    expect(admins).toHaveLength(1);
  });

  it('refuses unknown and expired links', async () => {
    await using world = await createWorld();
    const later = new Date(Date.now() + 25 * 60 * 60 * 1000);
    const token = await issueSetupToken(world.db);
    const app = await world.app({ clock: () => later });
    expect((await app.inject(setup('not-a-token'))).json().error.code).toBe('invalid_token');
    const expired = await app.inject(setup(token!));
    expect(expired.statusCode).toBe(400);
    expect(expired.json().error.code).toBe('invalid_token');
  });

  it('is offered as a link into the web app', async () => {
    await using world = await createWorld();
    const app = await world.app();
    await registerAdmin(app, world.db);
    expect(setupLink('https://outloud.example.com/', 'abc')).toBe(
      'https://outloud.example.com/#/setup?token=abc',
    );
  });
});
