import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/core/types.js';
import { writeSettings } from '../src/identity/settings.repository.js';
import {
  asSession,
  createWorld,
  newAccount,
  register,
  registerAdmin,
  uniqueHandle,
  type Session,
  type TestWorld,
} from './helpers.js';

let world: TestWorld;
let app: App;
let admin: Session;
let now: Date;

beforeAll(async () => {
  world = await createWorld();
  now = new Date('2026-12-06T12:00:00.000Z');
  app = await world.app({
    clock: () => now,
    config: { PUBLIC_URL: 'https://outloud.test/', INVITATION_TTL_DAYS: 7 },
  });
  admin = await registerAdmin(app, world.db);
});
afterAll(async () => world.close());

const DAY_MS = 24 * 60 * 60 * 1000;
/** Each invitation a second after the previous one, so "newest" is well defined. */
const invite = (as: Session, payload: object) => {
  now = new Date(now.getTime() + 1000);
  return app.inject({
    method: 'POST',
    url: '/api/v1/invitations',
    headers: asSession(as),
    payload,
  });
};

/** The token in the newest invitation email sent to `email`. */
async function tokenSentTo(email: string): Promise<string> {
  const row = await world.db
    .selectFrom('identity.emails')
    .select(['link', 'purpose', 'subject', 'text'])
    .where('toAddress', '=', email)
    .orderBy('createdAt', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  expect(row.purpose).toBe('invitation');
  const token = new URL(row.link!.replace('#/invite', 'invite')).searchParams.get('token');
  expect(token).toBeTruthy();
  return token!;
}

const signUp = (email: string, inviteToken: string, overrides: object = {}) =>
  app.inject({
    method: 'POST',
    url: '/api/v1/auth/register',
    payload: { ...newAccount({ email }), inviteToken, ...overrides },
  });

const address = () => `${uniqueHandle('inv')}@Example.com`;

describe('POST /invitations', () => {
  it('invites each address once, lowercased, and emails a link naming the inviter', async () => {
    const email = address();
    const response = await invite(admin, { emails: [email, email.toUpperCase()] });
    expect(response.statusCode).toBe(201);
    const { items } = response.json<{
      items: { id: string; email: string; expiresAt: string }[];
    }>();
    expect(items).toEqual([
      {
        id: expect.any(String),
        email: email.toLowerCase(),
        expiresAt: new Date(now.getTime() + 7 * DAY_MS).toISOString(),
      },
    ]);
    const sent = await world.db
      .selectFrom('identity.emails')
      .select(['link', 'text', 'subject'])
      .where('toAddress', '=', email.toLowerCase())
      .executeTakeFirstOrThrow();
    expect(sent.link).toMatch(/^https:\/\/outloud\.test\/#\/invite\?token=/);
    expect(sent.subject).toContain(admin.user.displayName);
    expect(sent.text).toContain(`@${admin.user.handle}`);
    // Only the token's hash is stored.
    const stored = await world.db
      .selectFrom('identity.invitations')
      .select('tokenHash')
      .where('id', '=', items[0]!.id)
      .executeTakeFirstOrThrow();
    expect(sent.link).not.toContain(stored.tokenHash);
  });

  it('skips, for admins, addresses that already have an account', async () => {
    const member = newAccount();
    await register(app, member);
    const fresh = address();
    const response = await invite(admin, { emails: [member.email.toUpperCase(), fresh] });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual({
      items: [expect.objectContaining({ email: fresh.toLowerCase() })],
      skipped: [member.email],
    });
  });

  it('refuses members, and managers granting admin or moderator', async () => {
    const member = await register(app);
    expect((await invite(member, { emails: [address()] })).statusCode).toBe(403);
    const manager = await register(app);
    await app.inject({
      method: 'PATCH',
      url: `/api/v1/admin/users/${manager.user.id}`,
      headers: asSession(admin),
      payload: { roles: ['manager'] },
    });
    for (const role of ['admin', 'moderator']) {
      const refused = await invite(manager, { emails: [address()], roles: [role] });
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error.code).toBe('forbidden');
    }
    expect((await invite(manager, { emails: [address()], roles: ['ld'] })).statusCode).toBe(201);
  });

  it('does not tell a manager who already has an account', async () => {
    const manager = await register(app);
    await app.inject({
      method: 'PATCH',
      url: `/api/v1/admin/users/${manager.user.id}`,
      headers: asSession(admin),
      payload: { roles: ['manager'] },
    });
    const member = newAccount();
    await register(app, member);
    const response = await invite(manager, { emails: [member.email] });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual({ items: [expect.objectContaining({ email: member.email })] });
  });

  it('caps a batch at 500 addresses', async () => {
    const emails = Array.from({ length: 501 }, (_, i) => `many${i}@example.com`);
    const response = await invite(admin, { emails });
    expect(response.statusCode).toBe(400);
  });

  it('refuses preset channels where there is no feed to check them', async () => {
    const response = await invite(admin, {
      emails: [address()],
      channelIds: ['0b8f0e3c-8d63-4d35-9f0e-7d4a3f2d6c11'],
    });
    expect(response.statusCode).toBe(503);
  });

  it('writes one audit entry per batch', async () => {
    const emails = [address(), address()];
    await invite(admin, { emails, roles: ['ld'] });
    const entry = await world.db
      .selectFrom('identity.auditLog')
      .selectAll()
      .where('action', '=', 'invitation.create')
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(entry.actorId).toBe(admin.user.id);
    expect(entry.details).toMatchObject({
      count: 2,
      emails: emails.map((e) => e.toLowerCase()),
      roles: ['member', 'ld'],
    });
  });
});

describe('signing up with an invitation', () => {
  it('works once, with the invitation roles and a verified address, whatever the policy', async () => {
    await writeSettings(
      world.db,
      { signup: 'invite', allowedDomains: [], passwordLogin: true },
      now,
    );
    try {
      const email = address().toLowerCase();
      const uninvited = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/register',
        payload: newAccount({ email }),
      });
      expect(uninvited.statusCode).toBe(403);
      expect(uninvited.json().error.code).toBe('signup_closed');

      await invite(admin, { emails: [email], roles: ['ld'] });
      const token = await tokenSentTo(email);
      const lookup = await app.inject({
        method: 'GET',
        url: `/api/v1/invitations/lookup?token=${token}`,
      });
      expect(lookup.statusCode).toBe(200);
      expect(lookup.json()).toEqual({
        email,
        expiresAt: new Date(now.getTime() + 7 * DAY_MS).toISOString(),
      });

      // The address's case does not matter.
      const created = await signUp(email.toUpperCase(), token);
      expect(created.statusCode).toBe(201);
      expect(created.json().user.roles).toEqual(['member', 'ld']);
      const me = await app.inject({
        method: 'GET',
        url: '/api/v1/me',
        headers: { cookie: created.cookies.map((c) => `${c.name}=${c.value}`).join('; ') },
      });
      expect(me.json().user.emailVerified).toBe(true);

      const again = await signUp(address(), token);
      expect(again.statusCode).toBe(400);
      expect(again.json().error.code).toBe('invalid_token');
      const lookupAgain = await app.inject({
        method: 'GET',
        url: `/api/v1/invitations/lookup?token=${token}`,
      });
      expect(lookupAgain.json().error.code).toBe('invalid_token');
    } finally {
      await writeSettings(
        world.db,
        { signup: 'open', allowedDomains: [], passwordLogin: true },
        now,
      );
    }
  });

  it('refuses another address than the one invited (403) and keeps the invitation', async () => {
    const email = address().toLowerCase();
    await invite(admin, { emails: [email] });
    const token = await tokenSentTo(email);
    const other = await signUp(address(), token);
    expect(other.statusCode).toBe(403);
    expect(other.json().error.details).toEqual([
      { field: 'email', message: 'must be the address the invitation was sent to' },
    ]);
    expect((await signUp(email, token)).statusCode).toBe(201);
  });

  it('refuses an expired invitation', async () => {
    const email = address().toLowerCase();
    await invite(admin, { emails: [email] });
    const token = await tokenSentTo(email);
    const later = new Date(now.getTime() + 7 * DAY_MS);
    const lateApp = await world.app({ clock: () => later });
    const response = await lateApp.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { ...newAccount({ email }), inviteToken: token },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('invalid_token');
    const listed = await lateApp.inject({
      method: 'GET',
      url: '/api/v1/invitations?status=expired',
      headers: { cookie: admin.cookie },
    });
    const expired = listed.json<{ items: { email: string }[] }>().items;
    expect(expired.map((i) => i.email)).toContain(email);
  });

  it('refuses a revoked invitation, and an unknown token', async () => {
    const email = address().toLowerCase();
    const created = await invite(admin, { emails: [email] });
    const { id } = created.json().items[0];
    const token = await tokenSentTo(email);
    const revoked = await app.inject({
      method: 'DELETE',
      url: `/api/v1/invitations/${id}`,
      headers: asSession(admin),
    });
    expect(revoked.statusCode).toBe(204);
    expect((await signUp(email, token)).json().error.code).toBe('invalid_token');
    expect((await signUp(email, 'not-a-token')).json().error.code).toBe('invalid_token');
    const audit = await world.db
      .selectFrom('identity.auditLog')
      .select(['targetId', 'targetLabel'])
      .where('action', '=', 'invitation.revoke')
      .execute();
    expect(audit).toContainEqual({ targetId: id, targetLabel: email });
  });

  it('only the newest invitation from one inviter to an address works', async () => {
    const email = address().toLowerCase();
    await invite(admin, { emails: [email] });
    const first = await tokenSentTo(email);
    await invite(admin, { emails: [email] });
    const second = await tokenSentTo(email);
    expect(second).not.toBe(first);
    expect((await signUp(email, first)).json().error.code).toBe('invalid_token');
    expect((await signUp(email, second)).statusCode).toBe(201);
  });
});

describe('GET and DELETE /invitations', () => {
  it('shows managers only their own invitations, and lets them revoke only those', async () => {
    const manager = await register(app);
    await app.inject({
      method: 'PATCH',
      url: `/api/v1/admin/users/${manager.user.id}`,
      headers: asSession(admin),
      payload: { roles: ['manager'] },
    });
    const mine = address().toLowerCase();
    await invite(manager, { emails: [mine] });
    const byAdmin = (await invite(admin, { emails: [address()] })).json().items[0];

    const listed = await app.inject({
      method: 'GET',
      url: '/api/v1/invitations',
      headers: { cookie: manager.cookie },
    });
    expect(listed.statusCode).toBe(200);
    expect(listed.json().items).toEqual([
      expect.objectContaining({
        email: mine,
        status: 'pending',
        invitedBy: { id: manager.user.id, handle: manager.user.handle },
      }),
    ]);
    const notYours = await app.inject({
      method: 'DELETE',
      url: `/api/v1/invitations/${byAdmin.id}`,
      headers: asSession(manager),
    });
    expect(notYours.statusCode).toBe(404);
  });

  it('pages newest first with a cursor', async () => {
    const emails = [address(), address(), address()].map((e) => e.toLowerCase());
    for (const email of emails) await invite(admin, { emails: [email] });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: LightMyRequestResponse = await app.inject({
        method: 'GET',
        url: `/api/v1/invitations?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        headers: { cookie: admin.cookie },
      });
      expect(page.statusCode).toBe(200);
      const body = page.json<{
        items: { id: string; email: string; createdAt: string }[];
        nextCursor: string | null;
      }>();
      expect(body.items.length).toBeLessThanOrEqual(2);
      seen.push(...body.items.map((i) => `${i.createdAt} ${i.id} ${i.email}`));
      cursor = body.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort().reverse()).toEqual(seen);
    // The three just made are the newest, newest first.
    expect(seen.slice(0, 3).map((line) => line.split(' ')[2])).toEqual([...emails].reverse());
  });

  it('says 409 when revoking an accepted invitation', async () => {
    const email = address().toLowerCase();
    const { id } = (await invite(admin, { emails: [email] })).json().items[0];
    await signUp(email, await tokenSentTo(email));
    const response = await app.inject({
      method: 'DELETE',
      url: `/api/v1/invitations/${id}`,
      headers: asSession(admin),
    });
    expect(response.statusCode).toBe(409);
  });
});
