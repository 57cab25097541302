import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel, Post } from '@outloud/contracts';
import { createDb } from '@outloud/db';
import { buildApp, gatewayConfig, type App, type GatewayDatabase } from '@outloud/gateway';
import { createLogger } from '@outloud/ops';
import { eventually } from '@outloud/testkit';
import { apiWorld, type ApiWorld, type Person } from '../support/api-world.js';
import {
  connected,
  openSocket,
  type ClientSocket,
  type SocketCredential,
} from '../support/sockets.js';

const SWEEP_MS = 200;
/** What the issue promises: live access ends within this long of the credential. */
const ENDS_WITHIN_MS = 5_000;
const HOUR = 60 * 60 * 1000;

describe('live access ends with the credential', () => {
  let world: ApiWorld;
  /** A second gateway on the same database and NATS, with a clock the tests move. */
  let second: App;
  let secondDb: ReturnType<typeof createDb<GatewayDatabase>>;
  let skewMs = 0;
  const urls: { first: string; second: string } = { first: '', second: '' };
  let owner: Person;
  let secret: Channel;
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    world = await apiWorld({ LIVE_CREDENTIAL_SWEEP_MS: SWEEP_MS });
    await world.person(); // the admin
    owner = await world.person();
    secret = (
      await owner.request<{ channel: Channel }>('POST', '/channels', {
        slug: 'back-room',
        name: 'Back room',
        visibility: 'private',
      })
    ).body.channel;
    await world.app.listen({ host: '127.0.0.1', port: 0 });
    urls.first = `http://127.0.0.1:${(world.app.server.address() as AddressInfo).port}`;
    secondDb = createDb<GatewayDatabase>({ url: world.database.url, max: 3 });
    second = await buildApp({
      config: gatewayConfig({
        LOG_LEVEL: 'silent',
        DATABASE_URL: world.database.url,
        LIVE_CREDENTIAL_SWEEP_MS: SWEEP_MS,
      }),
      db: secondDb,
      logger: createLogger('second-gateway', 'silent'),
      bus: { nc: world.nc, names: world.names },
      clock: () => new Date(Date.now() + skewMs),
    });
    await second.listen({ host: '127.0.0.1', port: 0 });
    urls.second = `http://127.0.0.1:${(second.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await second?.close();
    await secondDb?.destroy();
    await world?.[Symbol.asyncDispose]();
  });

  /** A member of the private channel. */
  const member = async () => {
    const person = await world.person();
    await owner.request('POST', `/channels/${secret.id}/members`, { userId: person.user.id });
    return person;
  };
  const tokenOf = async (person: Person) =>
    (await person.request<{ token: string; id: string }>('POST', '/tokens', { name: 'live' })).body;

  /** A socket following the private channel, with what it receives and how it ends. */
  const follow = async (url: string, credential: SocketCredential) => {
    const socket = openSocket(url, credential, sockets);
    const titles: string[] = [];
    const errors: string[] = [];
    socket.on('post:created', ({ post }) => titles.push(post.title));
    socket.on('error', ({ code }) => errors.push(code));
    const ended = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    await connected(socket);
    // Publish only once the server has joined the room, or the probe can pass before it.
    const joined = new Promise<void>((resolve) =>
      socket.once('channel:subscribed', () => resolve()),
    );
    socket.emit('channel:subscribe', { channelId: secret.id });
    await joined;
    const probe = await publish('Are you there?');
    await eventually(() => (titles.includes(probe.title) ? true : undefined));
    return { socket, titles, errors, ended };
  };
  let n = 0;
  const publish = async (title: string) =>
    (
      await owner.request<{ post: Post }>('POST', '/posts', {
        channelId: secret.id,
        kind: 'tip',
        title: `${title} ${++n}`,
        body: 'Members only.',
      })
    ).body.post;
  /** Resolves with the disconnect reason, or fails after the promised delay. */
  const endsSoon = (ended: Promise<string>) =>
    Promise.race([
      ended,
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error('socket still open')), ENDS_WITHIN_MS),
      ),
    ]);
  /** The ended credential cannot open a new socket either. */
  const refusedAgain = (url: string, credential: SocketCredential) =>
    expect(connected(openSocket(url, credential, sockets))).rejects.toThrow('unauthenticated');

  it('closes a socket on an API token once the token is revoked', async () => {
    const person = await member();
    const { id, token } = await tokenOf(person);
    const live = await follow(urls.first, { token });
    expect((await person.request('DELETE', `/tokens/${id}`)).status).toBe(204);
    expect(await endsSoon(live.ended)).toBe('io server disconnect');
    expect(live.errors).toContain('session_ended');
    await refusedAgain(urls.first, { token });
  });

  it('closes a socket on another gateway when its token is revoked through the first', async () => {
    const person = await member();
    const { id, token } = await tokenOf(person);
    const live = await follow(urls.second, { token });
    await person.request('DELETE', `/tokens/${id}`);
    expect(await endsSoon(live.ended)).toBe('io server disconnect');
    expect(live.errors).toContain('session_ended');
    await refusedAgain(urls.second, { token });
  });

  it('closes the sockets of a session signed out from another request, on every gateway', async () => {
    const person = await member();
    const here = await follow(urls.first, { cookie: person.cookie });
    const there = await follow(urls.second, { cookie: person.cookie });
    expect((await person.request('POST', '/auth/logout')).status).toBe(204);
    expect(await endsSoon(here.ended)).toBe('io server disconnect');
    expect(await endsSoon(there.ended)).toBe('io server disconnect');
    expect(there.errors).toContain('session_ended');
    await refusedAgain(urls.second, { cookie: person.cookie });
  });

  it('closes a socket whose session expires while it is open', async () => {
    const person = await member();
    const live = await follow(urls.second, { cookie: person.cookie });
    const other = await member();
    const unaffected = await follow(urls.second, { token: (await tokenOf(other)).token });
    skewMs = (gatewayConfig().SESSION_TTL_HOURS + 1) * HOUR;
    try {
      expect(await endsSoon(live.ended)).toBe('io server disconnect');
      expect(live.errors).toContain('session_ended');
      // A token has no expiry: its socket stays.
      const still = await publish('Tokens stay');
      await eventually(() => (unaffected.titles.includes(still.title) ? true : undefined));
      expect(unaffected.socket.connected).toBe(true);
    } finally {
      skewMs = 0;
    }
  });
});
