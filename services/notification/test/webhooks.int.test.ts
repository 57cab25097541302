import { createEnvelope, publishEvent, type RpcError } from '@outloud/bus';
import {
  LearningEvents,
  WEBHOOKS_MAX,
  type Actor,
  type Channel,
  type Post,
} from '@outloud/contracts';
import { createSmtpMailer } from '@outloud/mail';
import { eventually, startMailCatcher, type MailCatcher } from '@outloud/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hours, minutes, notifyWorld, type NotifyWorld } from './notify-world.js';

interface Got {
  id: string;
  body: { type: string; data: Record<string, unknown> };
}

/**
 * The webhook consumer and sender against real NATS, Postgres and an HTTP receiver, with the
 * clock moved by the test: unanswered questions and challenge days.
 */
describe('webhooks for waiting questions and challenge days', () => {
  let world: NotifyWorld;
  let server: Server;
  let url: string;
  const got: Got[] = [];
  const admin: Actor = {
    id: '0190f3a0-0000-7000-8000-000000000001',
    handle: 'admin',
    displayName: 'Admin',
    roles: ['admin'],
  };
  let open: Channel;
  let team: Channel;
  let lead: Actor;
  let asker: Actor;

  beforeAll(async () => {
    world = await notifyWorld({ name: 'notify-webhooks', webhooks: { allowPrivateTargets: true } });
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        got.push({
          id: String(req.headers['webhook-id']),
          body: JSON.parse(Buffer.concat(chunks).toString()) as Got['body'],
        });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    lead = world.member('lead');
    asker = world.member('asker');
    open = await world.channel(lead, 'public');
    team = await world.channel(lead, 'private', [asker]);
    await world.notifications.call('createWebhook', {
      actor: admin,
      input: { url, events: ['question.unanswered', 'challenge.day'], unansweredHours: 2 },
    });
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    await world?.[Symbol.asyncDispose]();
  });

  const waitsFor = async (post: Post) =>
    world.db
      .selectFrom('notify.webhookWaits')
      .select('postId')
      .where('postId', '=', post.id)
      .execute();

  it('tells of a public question still unanswered after the hours set, once, and of no other', async () => {
    const waiting = await world.post(asker, open);
    const answered = await world.post(asker, open);
    const secret = await world.post(asker, team);
    const tip = await world.post(asker, open, { kind: 'tip' });
    // Questions brought in by an import are history: they never wait for an answer here.
    const imported = await world.post(asker, open, {}, { imported: true });
    // The consumer goes in stream order: once the last question waits, the others were handled.
    const last = await world.post(asker, open);
    await eventually(async () => ((await waitsFor(last)).length === 1 ? true : undefined));
    expect(await waitsFor(secret)).toEqual([]);
    expect(await waitsFor(tip)).toEqual([]);
    expect(await waitsFor(imported)).toEqual([]);
    await world.answer(answered, open, lead);

    world.advance(hours(1));
    expect(await world.service.webhooks.sweepUnanswered()).toBe(0);
    world.advance(hours(1) + minutes(1));
    expect(await world.service.webhooks.sweepUnanswered()).toBe(2);
    await world.service.webhooks.sendDue();
    const sent = await eventually(() => (got.length >= 2 ? got.slice(0, 2) : undefined));
    expect(sent.map((g) => g.body.type)).toEqual(['question.unanswered', 'question.unanswered']);
    const ids = sent.map((g) => (g.body.data.post as { id: string }).id).sort();
    expect(ids).toEqual([waiting.id, last.id].sort());
    expect(sent[0]!.body.data.unansweredHours).toBe(2);

    world.advance(hours(5));
    expect(await world.service.webhooks.sweepUnanswered()).toBe(0);
    await world.service.webhooks.sendDue();
    expect(got.filter((g) => g.body.type === 'question.unanswered')).toHaveLength(2);
  });

  it("tells of a challenge's day in a public channel, with its prompt's title", async () => {
    const prompt = await world.post(lead, open, { kind: 'tip', title: 'Day 3: teach one thing' });
    const hidden = await world.post(lead, team, { kind: 'tip', title: 'Day 3 in private' });
    const before = got.length;
    const subject = world.names.subject(
      LearningEvents['learning.challenge.prompt_posted.v1'].subject,
    );
    const challengeId = '0190f3a0-0000-7000-8000-0000000000c1';
    for (const post of [hidden, prompt]) {
      await publishEvent(
        world.nc,
        subject,
        createEnvelope(
          'learning.challenge.prompt_posted.v1',
          { challengeId, channelId: post.channelId, day: 3, postId: post.id },
          lead,
          world.now(),
        ),
      );
    }
    const [day] = await eventually(() => (got.length > before ? got.slice(before) : undefined));
    expect(day!.body).toMatchObject({
      type: 'challenge.day',
      data: {
        challenge: { id: challengeId, day: 3 },
        post: { id: prompt.id, title: 'Day 3: teach one thing' },
      },
    });
    // In stream order: the private prompt came first and queued nothing.
    expect(got.slice(before)).toHaveLength(1);
  });
});

/** A webhook that keeps failing is turned off, and the admins are told once, by email. */
describe('a webhook turned off for failing', () => {
  let world: NotifyWorld;
  let catcher: MailCatcher;
  let server: Server;
  let url: string;
  let attempts = 0;

  beforeAll(async () => {
    catcher = await startMailCatcher();
    world = await notifyWorld({
      name: 'notify-webhooks-off',
      mailer: createSmtpMailer(catcher.url, 'Outloud <outloud@example.test>'),
      // Off after 3 failures in a row that span at least an hour; retried every 40 minutes.
      webhooks: {
        allowPrivateTargets: true,
        disableAfterFailures: 3,
        disableAfterMs: hours(1),
        retryDelaysMs: [minutes(40), minutes(40), minutes(40), minutes(40)],
      },
    });
    server = createServer((req, res) => {
      attempts++;
      req.resume();
      req.on('end', () => res.writeHead(500).end());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    // The path of a chat webhook is its credential: it must never reach an email.
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/services/T0/B0/s3cr3t-path`;
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    await world?.[Symbol.asyncDispose]();
    await catcher?.close();
  });

  it('emails each admin once, naming only the host and linking to the integrations tab', async () => {
    const admins = [world.member('ada', ['admin']), world.member('bo', ['member', 'admin'])];
    const member = world.member('cy');
    const open = await world.channel(member, 'public');
    const { webhook } = await world.notifications.call('createWebhook', {
      actor: admins[0]!,
      input: { url, events: ['post.created'] },
    });
    await world.post(member, open, { kind: 'tip' });
    // The first attempt goes out at once; its failure is recorded (and its retry set) after.
    await eventually(
      async () => {
        const page = await world.notifications.call('listWebhookDeliveries', {
          actor: admins[0]!,
          id: webhook.id,
          query: {},
        });
        return page.items[0]?.attempts === 1 ? true : undefined;
      },
      { what: 'the first failed attempt recorded' },
    );

    // Two more failures, 40 minutes apart: three in a row over 80 minutes turn it off.
    for (let retry = 0; retry < 2; retry++) {
      world.advance(minutes(41));
      await world.service.webhooks.sendDue();
    }
    expect(attempts).toBe(3);
    const { items } = await world.notifications.call('listWebhooks', { actor: admins[0]! });
    expect(items.find((w) => w.id === webhook.id)).toMatchObject({ active: false });

    const host = new URL(url).host;
    const mails = await eventually(
      () => (catcher.messages.length >= 2 ? catcher.messages : undefined),
      { what: 'an email to each admin' },
    );
    expect(mails.flatMap((m) => m.to).sort()).toEqual(['ada@example.test', 'bo@example.test']);
    for (const mail of mails) {
      expect(mail.subject).toBe(`Outloud turned off a webhook to ${host}`);
      expect(catcher.linksIn(mail)).toEqual(['http://outloud.test/#/admin/integrations']);
      expect(`${mail.text}${mail.html}`).not.toContain('s3cr3t-path');
    }

    // Told once: later runs send nothing more, and nothing goes to the receiver while it is off.
    world.advance(hours(2));
    await world.service.webhooks.sendDue();
    expect(catcher.messages).toHaveLength(2);
    expect(attempts).toBe(3);
  });
});

describe('the number of webhooks', () => {
  let world: NotifyWorld;
  beforeAll(async () => {
    world = await notifyWorld({ name: 'notify-webhooks-cap' });
  });
  afterAll(async () => world?.[Symbol.asyncDispose]());

  it(`stays at ${WEBHOOKS_MAX} when admins add the last ones at the same moment`, async () => {
    const admin = world.member('root', ['admin']);
    const create = (n: number) =>
      world.notifications.call('createWebhook', {
        actor: admin,
        input: { url: `https://hooks.example.com/${n}`, events: ['post.created'] },
      });
    for (let n = 0; n < WEBHOOKS_MAX - 1; n++) await create(n);

    const raced = await Promise.allSettled([100, 101, 102, 103, 104].map(create));
    expect(raced.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const refused of raced.filter((r) => r.status === 'rejected'))
      expect((refused.reason as RpcError).code).toBe('conflict');
    const { items } = await world.notifications.call('listWebhooks', { actor: admin });
    expect(items).toHaveLength(WEBHOOKS_MAX);
    const count = await world.db
      .selectFrom('notify.webhooks')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(WEBHOOKS_MAX);
  });
});
