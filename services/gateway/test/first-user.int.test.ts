import { describe, expect, it } from 'vitest';
import { IdentityRepository } from '../src/identity/identity.repository.js';
import { createWorld, newAccount, register } from './helpers.js';

describe('the first user of an instance', { timeout: 30_000 }, () => {
  it('becomes admin; later users are members', async () => {
    await using world = await createWorld();
    const app = await world.app();
    const first = await register(app);
    const second = await register(app);
    expect(first.user.roles).toEqual(['member', 'admin']);
    expect(second.user.roles).toEqual(['member']);
  });

  it('is decided safely when several people register at the same moment', async () => {
    await using world = await createWorld();
    const app = await world.app();
    const responses = await Promise.all(
      Array.from({ length: 5 }, () =>
        app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: newAccount() }),
      ),
    );
    expect(responses.map((r) => r.statusCode)).toEqual([201, 201, 201, 201, 201]);
    const admins = responses.filter((r) =>
      r.json<{ user: { roles: string[] } }>().user.roles.includes('admin'),
    );
    expect(admins).toHaveLength(1);
    const stored = await world.db.selectFrom('identity.users').select('roles').execute();
    expect(stored.filter((u) => u.roles.includes('admin'))).toHaveLength(1);
  });
});

describe('IdentityRepository.createUser', { timeout: 30_000 }, () => {
  it('makes exactly one admin even when the inserts themselves race', async () => {
    await using world = await createWorld();
    const repository = new IdentityRepository(world.db);
    const users = await Promise.all(
      Array.from({ length: 10 }, () => {
        const account = newAccount();
        return repository.createUser({ ...account, passwordHash: 'scrypt$test', now: new Date() });
      }),
    );
    expect(users.filter((u) => u.roles.includes('admin'))).toHaveLength(1);
  });
});
