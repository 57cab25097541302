import { randomUUID } from 'node:crypto';
import * as bus from '@outloud/bus';
import {
  createEnvelope,
  publishEvent,
  serveRpc,
  type NatsConnection,
  type RpcService,
} from '@outloud/bus';
import {
  FeedEvents,
  IdentityEvents,
  IdentityRpc,
  type Actor,
  type FeedEventData,
  type FeedEventType,
  type Names,
  type Post,
} from '@outloud/contracts';
import {
  createServiceWorld,
  eventually,
  makePost,
  person,
  silentLogger as silent,
  startMailCatcher,
  type MailCatcher,
  type ServiceWorld,
} from '@outloud/testkit';
import type {
  Kysely,
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifyMigrations, startNotification, type NotifyService } from '../src/app.js';
import type { NotifyDB } from '../src/db.js';
import { createSmtpMailer } from '@outloud/mail';

/** Counts the INSERT statements into `notify.notifications`. */
class InsertCounter implements KyselyPlugin {
  inserts = 0;
  transformQuery({ node }: PluginTransformQueryArgs): RootOperationNode {
    if (node.kind === 'InsertQueryNode' && node.into?.table.identifier.name === 'notifications')
      this.inserts++;
    return node;
  }
  transformResult({ result }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(result);
  }
}

/** An announcement in `channelId`, as the feed's events carry it. */
const postIn = (author: Actor, channelId: string, overrides: Partial<Post> = {}): Post =>
  makePost(author, { kind: 'announcement', title: 'All hands on Friday', channelId, ...overrides });

describe('notification fan-out and digest delivery', () => {
  let nc: NatsConnection;
  let names: Names;
  let service: NotifyService;
  let identity: RpcService;
  let smtp: MailCatcher;
  const counter = new InsertCounter();
  let world: ServiceWorld<NatsConnection>;
  let db: Kysely<NotifyDB>;
  const people = new Map<string, Actor>();

  const publish = async <K extends FeedEventType>(type: K, data: FeedEventData<K>, actor: Actor) =>
    publishEvent(nc, names.subject(FeedEvents[type].subject), createEnvelope(type, data, actor));

  beforeAll(async () => {
    world = await createServiceWorld({ migrations: [notifyMigrations], bus, name: 'notify-test' });
    db = world.pool<NotifyDB>();
    ({ nc, names } = world);
    // The gateway's identity lookups, answered from this test's people.
    identity = await serveRpc({
      nc,
      names,
      service: 'identity',
      schemas: IdentityRpc,
      logger: silent,
      handlers: {
        usersByHandles: async ({ handles }) => ({
          users: [...people.values()]
            .filter((p) => handles.includes(p.handle))
            .map((p) => ({ ...p, email: `${p.handle}@example.test` })),
        }),
        usersByIds: async ({ ids }) => ({
          users: ids
            .map((id) => people.get(id))
            .filter((p): p is Actor => p !== undefined)
            .map((p) => ({ ...p, email: `${p.handle}@example.test` })),
        }),
        usersWithRole: async ({ role, limit }) => ({
          users: [...people.values()]
            .filter((p) => p.roles.includes(role))
            .slice(0, limit)
            .map((p) => ({ ...p, email: `${p.handle}@example.test` })),
        }),
      },
    });
    smtp = await startMailCatcher();
    service = await startNotification({
      db: db.withPlugin(counter),
      nc,
      names,
      logger: silent,
      appUrl: 'http://outloud.test',
      mailer: createSmtpMailer(smtp.url, 'Outloud <outloud@example.test>'),
      digestIntervalMs: 0,
    });
  });

  afterAll(async () => {
    await service?.stop();
    await identity?.stop();
    await smtp?.close();
    await world?.[Symbol.asyncDispose]();
  });

  it('hands the day’s digests to SMTP once', async () => {
    const author = person('writer');
    const reader = person('reader');
    people.set(author.id, author);
    people.set(reader.id, reader);
    const tip = postIn(author, randomUUID(), {
      kind: 'tip',
      title: 'Read the changelog',
      mentions: [reader.handle],
    });
    await publish(
      'feed.post.created.v1',
      {
        post: tip,
        channel: { id: tip.channelId, visibility: 'public' },
        version: 1,
      },
      author,
    );
    await eventually(async () =>
      (await db
        .selectFrom('notify.notifications')
        .select('id')
        .where('recipientId', '=', reader.id)
        .executeTakeFirst())
        ? true
        : undefined,
    );

    const morning = new Date();
    morning.setUTCHours(10, 0, 0, 0);
    const run = await service.runDigests(morning);
    expect(run.sent).toBeGreaterThanOrEqual(1);
    const address = `${reader.handle}@example.test`;
    const mail = await smtp.waitFor((m) => m.to.includes(address));
    expect(mail.text).toContain('Read the changelog');
    expect(mail.subject).toContain('Outloud: 1 unread notification');
    expect((await service.runDigests(morning)).sent).toBe(0);
    expect(smtp.messages.filter((m) => m.to.includes(address))).toHaveLength(1);
  });

  it('writes the digest in the language the reader chose', async () => {
    const author = person('autorin');
    const reader = person('leserin');
    people.set(author.id, author);
    people.set(reader.id, reader);
    const event = IdentityEvents['identity.user.changed.v1'];
    await publishEvent(
      nc,
      names.subject(event.subject),
      createEnvelope(
        'identity.user.changed.v1',
        {
          id: reader.id,
          handle: reader.handle,
          displayName: reader.displayName,
          avatarUrl: null,
          status: 'active',
          locale: 'de',
        },
        reader,
      ),
    );
    await eventually(async () =>
      (
        await db
          .selectFrom('notify.peopleStatus')
          .select('locale')
          .where('userId', '=', reader.id)
          .executeTakeFirst()
      )?.locale === 'de'
        ? true
        : undefined,
    );
    const tip = postIn(author, randomUUID(), {
      kind: 'tip',
      title: 'Lies das Änderungsprotokoll',
      mentions: [reader.handle],
    });
    await publish(
      'feed.post.created.v1',
      { post: tip, channel: { id: tip.channelId, visibility: 'public' }, version: 1 },
      author,
    );
    await eventually(async () =>
      (await db
        .selectFrom('notify.notifications')
        .select('id')
        .where('recipientId', '=', reader.id)
        .executeTakeFirst())
        ? true
        : undefined,
    );

    const morning = new Date('2026-03-10T10:00:00Z');
    await service.runDigests(morning);
    const mail = await smtp.waitFor((m) => m.to.includes(`${reader.handle}@example.test`));
    expect(mail.subject).toBe(
      'Outloud: 1 ungelesene Benachrichtigung und die besten Beiträge des Tages',
    );
    expect(mail.text).toContain(`Hallo ${reader.displayName},`);
    expect(mail.text).toContain('deine Outloud-Zusammenfassung vom 10. März 2026.');
    expect(mail.text).toContain('Ungelesene Benachrichtigungen (1):');
    expect(mail.text).toContain(
      `${author.displayName} hat dich erwähnt in "Lies das Änderungsprotokoll"`,
    );
    expect(mail.text).toContain('Ändern, was du erhältst: http://outloud.test/#/settings');
    expect(mail.html).toContain('<html lang="de">');
  });

  it('tells 5,000 members about an announcement in a few batched inserts, without holding up others', async () => {
    const lead = person('lead');
    people.set(lead.id, lead);
    const channelId = randomUUID();
    const members = Array.from({ length: 5_000 }, (_, i) => person(`member${i}`));
    await publish(
      'feed.channel.created.v1',
      {
        channel: {
          id: channelId,
          slug: 'everyone',
          name: 'Everyone',
          description: '',
          visibility: 'private',
          memberCount: members.length,
          createdAt: new Date().toISOString(),
          ownerId: lead.id,
        },
      },
      lead,
    );
    // Membership arrives as 5,000 events in production; seeding the projection keeps the test short.
    await db
      .insertInto('notify.members')
      .values(members.map((m) => ({ channelId, userId: m.id })))
      .execute();

    const announcement = postIn(lead, channelId);
    const before = counter.inserts;
    const sent = createEnvelope(
      'feed.post.created.v1',
      { post: announcement, channel: { id: channelId, visibility: 'private' }, version: 1 },
      lead,
    );
    await publishEvent(nc, names.subject(FeedEvents['feed.post.created.v1'].subject), sent);
    // Meanwhile, an answer elsewhere.
    const asker = person('asker');
    const question = postIn(asker, randomUUID(), { kind: 'question', title: 'Why?' });
    await publish(
      'feed.post.created.v1',
      {
        post: question,
        channel: { id: question.channelId, visibility: 'public' },
        version: 1,
      },
      asker,
    );
    const helper = person('helper');
    await publish(
      'feed.answer.created.v1',
      {
        answer: {
          id: randomUUID(),
          postId: question.id,
          body: 'Because.',
          bodyHtml: '<p>Because.</p>',
          author: { id: helper.id, handle: helper.handle, displayName: helper.displayName },
          score: 0,
          accepted: false,
          createdAt: question.createdAt,
          updatedAt: question.createdAt,
          mentions: [],
        },
        post: { ...question, answerCount: 1 },
        channel: { id: question.channelId, visibility: 'public' },
        version: 2,
      },
      helper,
    );

    const count = (postId: string) =>
      db
        .selectFrom('notify.notifications')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('postId', '=', postId)
        .executeTakeFirstOrThrow()
        .then((r) => Number(r.n));
    await eventually(async () => ((await count(question.id)) === 1 ? true : undefined));
    await eventually(async () => ((await count(announcement.id)) === 5_000 ? true : undefined), {
      timeoutMs: 30_000,
    });
    // 5 statements of 1,000 rows for the announcement, 1 for the answer.
    expect(counter.inserts - before).toBe(6);

    // The same event delivered again (as after a crash before the ack) changes nothing.
    await publishEvent(nc, names.subject(FeedEvents['feed.post.created.v1'].subject), sent, {
      msgID: randomUUID(),
    });
    await new Promise((r) => setTimeout(r, 500));
    expect(await count(announcement.id)).toBe(5_000);
  });
});
