import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/core/types.js';
import type { Credential } from '../src/identity/identity.service.js';
import {
  asSession,
  createWorld,
  register,
  registerAdmin,
  type Session,
  type TestWorld,
} from './helpers.js';

let world: TestWorld;
let app: App;
let now = new Date();

beforeAll(async () => {
  world = await createWorld();
  app = await world.app({ clock: () => now });
  await registerAdmin(app, world.db);
});
afterAll(async () => world.close());

const socketAuth = (session: Session) =>
  app.identity.authenticateSocket({ cookieHeader: session.cookie });
const newToken = async (session: Session) => {
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/tokens',
    headers: asSession(session),
    payload: { name: 'live' },
  });
  return response.json<{ token: string; id: string }>();
};

describe('endedCredentials', () => {
  it('names, in one call, the sessions signed out or expired and the tokens revoked', async () => {
    const kept = await register(app);
    const signedOut = await register(app);
    const keptToken = await newToken(kept);
    const revoked = await newToken(kept);
    const held: Credential[] = [];
    for (const session of [kept, signedOut]) held.push((await socketAuth(session))!.credential);
    for (const { token } of [keptToken, revoked])
      held.push((await app.identity.authenticateSocket({ bearerToken: token }))!.credential);
    expect(held.map((c) => c.via)).toEqual(['session', 'session', 'token', 'token']);
    expect(await app.identity.endedCredentials(held)).toEqual([]);

    await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: asSession(signedOut) });
    await app.inject({
      method: 'DELETE',
      url: `/api/v1/tokens/${revoked.id}`,
      headers: asSession(kept),
    });
    expect(await app.identity.endedCredentials(held)).toEqual([held[1], held[3]]);
  });

  it('names sessions whose time is up, but not tokens', async () => {
    const session = await register(app);
    const token = await newToken(session);
    const held = [
      (await socketAuth(session))!.credential,
      (await app.identity.authenticateSocket({ bearerToken: token.token }))!.credential,
    ];
    const before = now;
    now = new Date(before.getTime() + 721 * 60 * 60 * 1000);
    try {
      expect(await app.identity.endedCredentials(held)).toEqual([held[0]]);
    } finally {
      now = before;
    }
  });

  it('names nothing when no credentials are held', async () => {
    expect(await app.identity.endedCredentials([])).toEqual([]);
  });
});
