import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { Channel, SessionResponse } from '@outloud/contracts';
import { createDb } from '@outloud/db';
import type { GatewayDatabase } from '@outloud/gateway';
import { apiWorld, type ApiWorld, type Person } from '../support/api-world.js';

describe('invitations with preset channels', () => {
  let world: ApiWorld;
  let db: Kysely<GatewayDatabase>;
  let admin: Person;

  beforeAll(async () => {
    world = await apiWorld();
    db = createDb<GatewayDatabase>({ url: world.database.url, max: 2 });
    admin = await world.person();
  });
  afterAll(async () => {
    await db?.destroy();
    await world?.[Symbol.asyncDispose]();
  });

  const channel = async (owner: Person, visibility: 'public' | 'private') => {
    const created = await owner.request<{ channel: Channel }>('POST', '/channels', {
      slug: `c-${Math.random().toString(36).slice(2, 10)}`,
      name: 'Team room',
      visibility,
    });
    expect(created.status).toBe(201);
    return created.body.channel;
  };
  /** The token in the invitation email queued for `email`. */
  const tokenSentTo = async (email: string) => {
    const row = await db
      .selectFrom('identity.emails')
      .select('link')
      .where('toAddress', '=', email)
      .executeTakeFirstOrThrow();
    return new URL(row.link!.replace('#/invite', 'invite')).searchParams.get('token')!;
  };
  const signUp = async (email: string, inviteToken: string) => {
    const handle = `i_${Math.random().toString(36).slice(2, 10)}`;
    const response = await world.app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: {
        email,
        password: 'correct horse battery',
        displayName: 'Invited person',
        handle,
        inviteToken,
      },
    });
    expect(response.statusCode).toBe(201);
    const cookie = response.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    return { user: response.json<SessionResponse>().user, cookie };
  };

  it('adds the invited person to the preset private channel when they sign up', async () => {
    const room = await channel(admin, 'private');
    const email = `new.${Math.random().toString(36).slice(2, 8)}@example.test`;
    const invited = await admin.request('POST', '/invitations', {
      emails: [email],
      channelIds: [room.id],
    });
    expect(invited.status).toBe(201);
    const { user, cookie } = await signUp(email, await tokenSentTo(email));
    const visible = await world.app.inject({
      method: 'GET',
      url: '/api/v1/channels',
      headers: { cookie },
    });
    const mine = visible.json<{ items: Channel[] }>().items.find((c) => c.id === room.id);
    expect(mine?.isMember).toBe(true);
    const members = await admin.request<{ items: { user: { id: string } }[] }>(
      'GET',
      `/channels/${room.id}/members`,
    );
    expect(members.body.items.map((m) => m.user.id)).toContain(user.id);
  });

  it('lets a manager preset only channels they own', async () => {
    const manager = await world.person();
    await world.grantRoles(admin, manager, ['member', 'manager']);
    const own = await channel(manager, 'private');
    const others = await channel(admin, 'public');
    const hidden = await channel(admin, 'private');
    const email = `m.${Math.random().toString(36).slice(2, 8)}@example.test`;

    const refused = await manager.request<{ error: { details: { field: string }[] } }>(
      'POST',
      '/invitations',
      { emails: [email], channelIds: [own.id, others.id, hidden.id] },
    );
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.map((d) => d.field)).toEqual([
      'channelIds/1',
      'channelIds/2',
    ]);

    const ok = await manager.request('POST', '/invitations', {
      emails: [email],
      channelIds: [own.id],
    });
    expect(ok.status).toBe(201);
    const { cookie } = await signUp(email, await tokenSentTo(email));
    const visible = await world.app.inject({
      method: 'GET',
      url: '/api/v1/channels',
      headers: { cookie },
    });
    expect(visible.json<{ items: Channel[] }>().items.find((c) => c.id === own.id)?.isMember).toBe(
      true,
    );
  });
});
