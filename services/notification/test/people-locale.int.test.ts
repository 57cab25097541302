import * as bus from '@outloud/bus';
import { createEnvelope, publishEvent, rpcClient, type NatsConnection } from '@outloud/bus';
import {
  IdentityEvents,
  NotificationRpc,
  type Actor,
  type Locale,
  type UserChangedV1,
} from '@outloud/contracts';
import {
  createServiceWorld,
  eventually,
  person,
  silentLogger as silent,
  type ServiceWorld,
} from '@outloud/testkit';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifyMigrations, startNotification, type NotifyService } from '../src/app.js';
import type { NotifyDB } from '../src/db.js';
import { localesOf } from '../src/projection/people-status.js';

type LanguageFields = Pick<UserChangedV1['data'], 'locale' | 'browserLocale'>;

describe('the language of a person’s digest, from identity events', () => {
  let world: ServiceWorld<NatsConnection>;
  let db: Kysely<NotifyDB>;
  let service: NotifyService;
  /** Each announcement a second after the previous one, as identity writes them in turn. */
  let at = Date.now();

  beforeAll(async () => {
    world = await createServiceWorld({
      migrations: [notifyMigrations],
      bus,
      name: 'notify-locale',
    });
    db = world.pool<NotifyDB>();
    service = await startNotification({
      db,
      nc: world.nc,
      names: world.names,
      logger: silent,
      appUrl: 'http://outloud.test',
      digestIntervalMs: 0,
    });
  });
  afterAll(async () => {
    await service?.stop();
    await world?.[Symbol.asyncDispose]();
  });

  /** Publishes `identity.user.changed.v1` with just these language fields and waits for it. */
  async function announce(who: Actor, language: LanguageFields): Promise<void> {
    at += 1000;
    const event = IdentityEvents['identity.user.changed.v1'];
    await publishEvent(
      world.nc,
      world.names.subject(event.subject),
      createEnvelope(
        'identity.user.changed.v1',
        {
          id: who.id,
          handle: who.handle,
          displayName: who.displayName,
          avatarUrl: null,
          status: 'active',
          ...language,
        },
        who,
        new Date(at),
      ),
    );
    await eventually(async () => {
      const row = await db
        .selectFrom('notify.peopleStatus')
        .select('changedAt')
        .where('userId', '=', who.id)
        .executeTakeFirst();
      return row?.changedAt.getTime() === at ? true : undefined;
    });
  }

  const localeOf = async (who: Actor): Promise<Locale | undefined> =>
    (await localesOf(db, [who.id])).get(who.id);

  it('writes the digest in the browser’s language when the event carries only that', async () => {
    const reader = person('leser');
    await announce(reader, { browserLocale: 'de' });
    expect(await localeOf(reader)).toBe('de');

    const notification = rpcClient({
      nc: world.nc,
      names: world.names,
      service: 'notification',
      schemas: NotificationRpc,
    });
    const preview = await notification.call('digestPreview', { actor: reader });
    expect(preview.html).toContain('<html lang="de">');
    expect(preview.subject).toBe('Outloud: die besten Beiträge des Tages für dich');
  });

  it('lets the chosen language win, and keeps each one an event does not carry', async () => {
    const reader = person('reader');
    await announce(reader, { locale: 'en', browserLocale: 'de' });
    expect(await localeOf(reader)).toBe('en');
    // A profile change knows the choice only: the browser's language stays as it was.
    await announce(reader, { locale: null });
    expect(await localeOf(reader)).toBe('de');
    // An event from before languages were announced changes neither.
    await announce(reader, {});
    expect(await localeOf(reader)).toBe('de');
    await announce(reader, { browserLocale: null });
    expect(await localeOf(reader)).toBe('en');
  });

  it('lists nobody it never heard of (their digest is in English)', async () => {
    expect(await localeOf(person('stranger'))).toBeUndefined();
    expect(await localesOf(db, [])).toEqual(new Map());
  });
});
