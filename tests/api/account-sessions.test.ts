import type { AddressInfo } from 'node:net';
import { startMailCatcher, type MailCatcher } from '@outloud/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiWorld, type ApiWorld, type Person } from '../support/api-world.js';
import { connected, openSocket, type ClientSocket } from '../support/sockets.js';

const PUBLIC_URL = 'http://outloud.test';
/** The credential sweep closes sockets of ended sessions within a few seconds. */
const ENDS_WITHIN_MS = 5_000;

describe('ending sessions ends their live sockets', () => {
  let world: ApiWorld;
  let catcher: MailCatcher;
  let url: string;
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    catcher = await startMailCatcher();
    world = await apiWorld({
      PUBLIC_URL,
      SMTP_URL: catcher.url,
      LIVE_CREDENTIAL_SWEEP_MS: 200,
    });
    await world.person(); // the admin
    await world.app.listen({ host: '127.0.0.1', port: 0 });
    url = `http://127.0.0.1:${(world.app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await world?.[Symbol.asyncDispose]();
    await catcher?.close();
  });

  /** A live socket on the person's session, and a promise of its disconnect reason. */
  async function liveSocket(cookie: string) {
    const socket = await connected(openSocket(url, { cookie }, sockets));
    const ended = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    return { socket, ended };
  }

  function endsSoon(ended: Promise<string>): Promise<string> {
    return Promise.race([
      ended,
      new Promise<string>((_, reject) =>
        setTimeout(() => reject(new Error('the socket stayed open')), ENDS_WITHIN_MS),
      ),
    ]);
  }

  /** A second session of the person, signed in with their password. */
  async function signInAgain(person: Person): Promise<string> {
    const response = await world.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: `${person.user.handle}@example.test`, password: 'correct horse battery' },
    });
    expect(response.statusCode).toBe(200);
    return response.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  }

  it('a password reset from the emailed link closes every socket of that person', async () => {
    const person = await world.person();
    const email = `${person.user.handle}@example.test`;
    const live = await liveSocket(person.cookie);

    const asked = await world.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password/forgot',
      payload: { email },
    });
    expect(asked.statusCode).toBe(202);
    const mail = await catcher.waitFor(
      (m) => m.to.includes(email) && /reset your password/.test(m.subject),
    );
    const link = catcher.linksIn(mail).find((l) => l.startsWith(`${PUBLIC_URL}/#/reset-password`));
    const token = decodeURIComponent(new URL(link!.replace('/#/', '/')).searchParams.get('token')!);

    const reset = await world.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password/reset',
      payload: { token, password: 'an entirely new password' },
    });
    expect(reset.statusCode).toBe(204);
    expect(await endsSoon(live.ended)).toBe('io server disconnect');
    const me = await world.app.inject({ url: '/api/v1/me', headers: { cookie: person.cookie } });
    expect(me.statusCode).toBe(401);
  });

  it('"sign out everywhere else" closes the other sessions\' sockets and keeps this one', async () => {
    const person = await world.person();
    const otherCookie = await signInAgain(person);
    const here = await liveSocket(person.cookie);
    const there = await liveSocket(otherCookie);

    const response = await person.request('DELETE', '/me/sessions');
    expect(response.status).toBe(204);
    expect(await endsSoon(there.ended)).toBe('io server disconnect');
    expect(here.socket.connected).toBe(true);
  });
});
