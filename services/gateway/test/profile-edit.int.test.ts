import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/core/types.js';
import { asSession, createWorld, register, type Session, type TestWorld } from './helpers.js';

let world: TestWorld;
let app: App;

beforeAll(async () => {
  world = await createWorld();
  app = await world.app();
});
afterAll(async () => world.close());

async function patchMe(session: Session, payload: unknown) {
  return app.inject({
    method: 'PATCH',
    url: '/api/v1/me',
    headers: asSession(session),
    payload: payload as Record<string, unknown>,
  });
}

/** The identity events about this person waiting in the outbox (no relay runs without a bus). */
async function announcements(userId: string) {
  const { rows } = await sql<{
    payload: unknown;
  }>`select payload from identity.outbox order by seq`.execute(world.db);
  return rows
    .map((r) => (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as Announcement)
    .filter((event) => event.data.id === userId);
}

interface Announcement {
  type: string;
  data: { id: string; displayName: string; avatarUrl: string | null; locale?: string | null };
}

describe('PATCH /me', () => {
  it('saves the fields trimmed, returns the person and shows them on the profile', async () => {
    const me = await register(app);
    const response = await patchMe(me, {
      displayName: '  Ada Lovelace ',
      bio: ' Writes notes on engines.\nAnd poems. ',
      title: ' Analyst ',
      team: 'Engines',
      timeZone: 'europe/london',
      skills: ['math', 'poetry'],
    });
    expect(response.statusCode).toBe(200);
    const { user } = response.json();
    expect(user).toMatchObject({
      id: me.user.id,
      displayName: 'Ada Lovelace',
      bio: 'Writes notes on engines.\nAnd poems.',
      title: 'Analyst',
      team: 'Engines',
      timeZone: 'Europe/London',
      skills: ['math', 'poetry'],
      avatarUrl: null,
    });

    const viewer = await register(app);
    const profile = await app.inject({
      method: 'GET',
      url: `/api/v1/users/${me.user.handle}`,
      headers: { cookie: viewer.cookie },
    });
    expect(profile.json().user).toMatchObject({
      displayName: 'Ada Lovelace',
      title: 'Analyst',
      team: 'Engines',
      timeZone: 'Europe/London',
      skills: ['math', 'poetry'],
    });
    expect(profile.json().user.email).toBeUndefined();
  });

  it('leaves absent fields as they are and clears the time zone with null', async () => {
    const me = await register(app);
    await patchMe(me, { title: 'Engineer', timeZone: 'Asia/Tokyo' });
    const response = await patchMe(me, { timeZone: null });
    expect(response.statusCode).toBe(200);
    expect(response.json().user).toMatchObject({ title: 'Engineer', timeZone: null });
  });

  it('announces a new display name through the identity outbox, and nothing for other fields', async () => {
    const me = await register(app);
    await patchMe(me, { bio: 'only a bio' });
    expect(await announcements(me.user.id)).toEqual([]);
    await patchMe(me, { displayName: 'New Name' });
    const events = await announcements(me.user.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'identity.user.changed.v1',
      data: { id: me.user.id, displayName: 'New Name', avatarUrl: null, status: 'active' },
    });
  });

  it('saves the language, shows it on GET /me only, announces it and clears it with null', async () => {
    const me = await register(app);
    const chosen = await patchMe(me, { locale: 'de' });
    expect(chosen.statusCode).toBe(200);
    expect(chosen.json().user.locale).toBe('de');
    const own = await app.inject({ method: 'GET', url: '/api/v1/me', headers: asSession(me) });
    expect(own.json().user.locale).toBe('de');
    const viewer = await register(app);
    const profile = await app.inject({
      method: 'GET',
      url: `/api/v1/users/${me.user.handle}`,
      headers: { cookie: viewer.cookie },
    });
    expect(profile.json().user.locale).toBeUndefined();
    expect((await announcements(me.user.id)).at(-1)).toMatchObject({
      type: 'identity.user.changed.v1',
      data: { id: me.user.id, locale: 'de' },
    });

    const cleared = await patchMe(me, { locale: null });
    expect(cleared.statusCode).toBe(200);
    expect(cleared.json().user.locale).toBeNull();
    expect((await announcements(me.user.id)).at(-1)).toMatchObject({ data: { locale: null } });
  });

  it.each([
    [{ locale: 'fr' }, 'locale'],
    [{ locale: 'DE' }, 'locale'],
    [{ locale: '' }, 'locale'],
    [{ timeZone: 'Mars/Olympus_Mons' }, 'timeZone'],
    [{ timeZone: '+01:00' }, 'timeZone'],
    [{ timeZone: '../../etc/passwd' }, 'timeZone'],
    [{ skills: Array.from({ length: 21 }, (_, i) => `skill-${i}`) }, 'skills'],
    [{ skills: ['Not A Tag'] }, 'skills.0'],
    [{ skills: ['ok', 'ok'] }, 'skills'],
    [{ displayName: '   ' }, 'displayName'],
    [{ displayName: 'Line\nbreak' }, 'displayName'],
    [{ title: 'bell\u0007' }, 'title'],
    [{ team: 'x'.repeat(101) }, 'team'],
    [{ bio: 'x'.repeat(1001) }, 'bio'],
    [{ email: 'someone@else.example' }, 'email'],
  ])('refuses %j with 400 naming %s', async (payload, field) => {
    const me = await register(app);
    const response = await patchMe(me, payload);
    expect(response.statusCode).toBe(400);
    const { error } = response.json();
    expect(error.code).toBe('validation_failed');
    expect(JSON.stringify(error.details)).toContain(field);
  });

  it('needs a signed-in person and the CSRF token', async () => {
    const anonymous = await app.inject({
      method: 'PATCH',
      url: '/api/v1/me',
      payload: { title: 'x' },
    });
    expect(anonymous.statusCode).toBe(401);
    const me = await register(app);
    const noCsrf = await app.inject({
      method: 'PATCH',
      url: '/api/v1/me',
      headers: { cookie: me.cookie },
      payload: { title: 'x' },
    });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().error.code).toBe('csrf_failed');
  });

  it('is rate-limited like every write', async () => {
    const limited = await world.app({ config: { RATE_WRITES_PER_MINUTE: 2 } });
    const me = await register(limited);
    const send = () =>
      limited.inject({
        method: 'PATCH',
        url: '/api/v1/me',
        headers: asSession(me),
        payload: { title: 'x' },
      });
    expect((await send()).statusCode).toBe(200);
    expect((await send()).statusCode).toBe(200);
    const third = await send();
    expect(third.statusCode).toBe(429);
    expect(third.headers['retry-after']).toBeDefined();
  });
});
