import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Webhook as Verifier } from 'standardwebhooks';
import type {
  AuditPage,
  Channel,
  DeliveryPage,
  Post,
  Webhook,
  WebhookCreated,
  WebhookList,
} from '@outloud/contracts';
import { eventually, randomWord } from '@outloud/testkit';
import { apiWorld, type ApiWorld, type Person } from '../support/api-world.js';
import {
  webhookReceiver,
  type Received,
  type WebhookReceiver,
} from '../support/webhook-receiver.js';

/** Short back-off, so retries happen within a test; never turned off in the first world. */
const RETRIES = [100, 200, 400, 800, 1_600, 3_200, 5_000, 5_000, 5_000];

async function publicChannel(admin: Person): Promise<Channel> {
  const channels = await admin.request<{ items: Channel[] }>('GET', '/channels');
  return channels.body.items.find((c) => c.slug === 'general')!;
}

async function addWebhook(admin: Person, body: object): Promise<WebhookCreated> {
  const created = await admin.request<WebhookCreated>('POST', '/admin/webhooks', body);
  expect(created.status).toBe(201);
  return created.body;
}

async function write(who: Person, channelId: string, kind = 'tip', title?: string) {
  const reply = await who.request<{ post: Post }>('POST', '/posts', {
    channelId,
    kind,
    title: title ?? `Tip ${randomWord()}`,
    body: 'Pair on the first deploy; it halves the questions later.',
  });
  expect(reply.status).toBe(201);
  return reply.body.post;
}

const bodyOf = (r: Received) => JSON.parse(r.body) as Record<string, unknown>;
const headersOf = (r: Received) => ({
  'webhook-id': String(r.headers['webhook-id']),
  'webhook-timestamp': String(r.headers['webhook-timestamp']),
  'webhook-signature': String(r.headers['webhook-signature']),
});
const about = (receiver: WebhookReceiver, title: string) =>
  receiver.received.filter((r) => r.body.includes(title));

describe('outgoing webhooks, through the API and a real receiver', () => {
  let world: ApiWorld;
  let admin: Person;
  let member: Person;
  let general: Channel;
  const receivers: WebhookReceiver[] = [];
  const receiver = async () => {
    const r = await webhookReceiver();
    receivers.push(r);
    return r;
  };

  beforeAll(async () => {
    world = await apiWorld(
      {},
      { webhooks: { retryDelaysMs: RETRIES, disableAfterFailures: 1_000 } },
    );
    admin = await world.person();
    member = await world.person();
    general = await publicChannel(admin);
  });
  afterAll(async () => {
    for (const r of receivers) await r.stop();
    await world?.[Symbol.asyncDispose]();
  });

  it('lets admins add, list, change and delete webhooks, shows the secret once and audits each change', async () => {
    const created = await addWebhook(admin, {
      url: 'https://hooks.example.test/services/T0/B0/secretpath',
      events: ['post.created', 'question.unanswered'],
      preset: 'slack',
      unansweredHours: 4,
    });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(created.webhook).toMatchObject({
      events: ['post.created', 'question.unanswered'],
      preset: 'slack',
      active: true,
      unansweredHours: 4,
      failureCount: 0,
    });

    const list = await admin.request<WebhookList>('GET', '/admin/webhooks');
    expect(list.status).toBe(200);
    expect(list.body.items.map((w) => w.id)).toContain(created.webhook.id);
    expect(JSON.stringify(list.body)).not.toContain(created.secret);

    const id = created.webhook.id;
    const changed = await admin.request<{ webhook: Webhook }>('PATCH', `/admin/webhooks/${id}`, {
      active: false,
      events: ['announcement'],
    });
    expect(changed.status).toBe(200);
    expect(changed.body.webhook).toMatchObject({ active: false, events: ['announcement'] });

    expect((await admin.request('DELETE', `/admin/webhooks/${id}`)).status).toBe(204);
    expect((await admin.request('DELETE', `/admin/webhooks/${id}`)).status).toBe(404);
    expect((await admin.request('GET', `/admin/webhooks/${id}/deliveries`)).status).toBe(404);

    for (const action of ['webhook.created', 'webhook.updated', 'webhook.deleted']) {
      const audit = await admin.request<AuditPage>('GET', `/admin/audit?action=${action}`);
      const entry = audit.body.items.find((e) => e.target.id === id);
      // Named by host only: a chat webhook's path is its credential.
      expect(entry?.target).toEqual({ type: 'webhook', id, label: 'hooks.example.test' });
      expect(JSON.stringify(entry)).not.toContain('secretpath');
    }
  });

  it('keeps webhooks to admins', async () => {
    const target = { url: 'https://hooks.example.test/x', events: ['post.created'] };
    expect((await member.request('GET', '/admin/webhooks')).status).toBe(403);
    expect((await member.request('POST', '/admin/webhooks', target)).status).toBe(403);
    const { webhook } = await addWebhook(admin, target);
    expect(
      (await member.request('PATCH', `/admin/webhooks/${webhook.id}`, { active: false })).status,
    ).toBe(403);
    expect((await member.request('DELETE', `/admin/webhooks/${webhook.id}`)).status).toBe(403);
    expect((await member.request('GET', `/admin/webhooks/${webhook.id}/deliveries`)).status).toBe(
      403,
    );
    expect((await admin.request('DELETE', `/admin/webhooks/${webhook.id}`)).status).toBe(204);
  });

  it('refuses targets that are not plain http(s) URLs, unknown events and empty changes', async () => {
    const bad = [
      { url: 'ftp://files.example.test/hook', events: ['post.created'] },
      { url: 'https://user:pass@hooks.example.test/x', events: ['post.created'] },
      { url: 'not a url', events: ['post.created'] },
      { url: 'https://hooks.example.test/x', events: [] },
      { url: 'https://hooks.example.test/x', events: ['post.deleted'] },
      { url: 'https://hooks.example.test/x', events: ['post.created'], preset: 'discord' },
      { url: 'https://hooks.example.test/x', events: ['post.created'], unansweredHours: 0 },
      { url: 'https://hooks.example.test/x', events: ['post.created'], secret: 'mine' },
    ];
    for (const body of bad) {
      const reply = await admin.request<{ error: { code: string } }>(
        'POST',
        '/admin/webhooks',
        body,
      );
      expect(reply.status, JSON.stringify(body)).toBe(400);
    }
    const { webhook } = await addWebhook(admin, {
      url: 'https://hooks.example.test/y',
      events: ['post.created'],
    });
    expect((await admin.request('PATCH', `/admin/webhooks/${webhook.id}`, {})).status).toBe(400);
    expect(
      (await admin.request('GET', `/admin/webhooks/${webhook.id}/deliveries?cursor=nonsense`))
        .status,
    ).toBe(400);
    expect((await admin.request('DELETE', `/admin/webhooks/${webhook.id}`)).status).toBe(204);
  });

  it('delivers a public post signed per Standard Webhooks, and never private channel content', async () => {
    const hook = await receiver();
    const { webhook, secret } = await addWebhook(admin, {
      url: hook.url,
      events: ['post.created', 'announcement'],
    });
    const team = await admin.request<{ channel: Channel }>('POST', '/channels', {
      slug: `team-${randomWord()}`,
      name: 'Private team',
      visibility: 'private',
    });
    expect(team.status).toBe(201);
    const secretPost = await write(admin, team.body.channel.id, 'tip', `Private ${randomWord()}`);
    const post = await write(member, general.id, 'question', `How do we ${randomWord()}?`);

    const [received] = await eventually(() => {
      const got = about(hook, post.title);
      return got.length > 0 ? got : undefined;
    });
    // The consumer handles events in stream order: the private post came first and sent nothing.
    expect(hook.received.some((r) => r.body.includes(secretPost.title))).toBe(false);
    expect(() => new Verifier(secret).verify(received!.body, headersOf(received!))).not.toThrow();
    expect(() =>
      new Verifier(`whsec_${Buffer.from('wrong key').toString('base64')}`).verify(
        received!.body,
        headersOf(received!),
      ),
    ).toThrow();
    expect(bodyOf(received!)).toMatchObject({
      type: 'post.created',
      timestamp: expect.any(String),
      data: {
        post: {
          id: post.id,
          kind: 'question',
          title: post.title,
          url: `http://outloud.test/#/posts/${post.id}`,
          author: { id: member.user.id, handle: member.user.handle },
        },
      },
    });

    // The receiver answered; the attempt's record follows it.
    const log = await eventually(async () => {
      const page = await admin.request<DeliveryPage>(
        'GET',
        `/admin/webhooks/${webhook.id}/deliveries`,
      );
      return page.body.items[0]?.status === 'succeeded' ? page : undefined;
    });
    expect(log.body.items).toEqual([
      expect.objectContaining({
        id: headersOf(received!)['webhook-id'],
        event: 'post.created',
        status: 'succeeded',
        attempts: 1,
        responseCode: 200,
        durationMs: expect.any(Number),
      }),
    ]);
  });

  it('formats messages for Slack and Microsoft Teams incoming webhooks', async () => {
    const slack = await receiver();
    const teams = await receiver();
    await addWebhook(admin, { url: slack.url, events: ['post.created'], preset: 'slack' });
    await addWebhook(admin, { url: teams.url, events: ['post.created'], preset: 'teams' });
    const post = await write(admin, general.id, 'tip', `Use <feature flags> & ${randomWord()}`);
    const [forSlack] = await eventually(() => (slack.received.length ? slack.received : undefined));
    const [forTeams] = await eventually(() => (teams.received.length ? teams.received : undefined));

    const slackBody = bodyOf(forSlack!) as { text: string; blocks: { type: string }[] };
    expect(slackBody.text).toContain(`<http://outloud.test/#/posts/${post.id}|`);
    // Slack's control characters are escaped, so a title cannot forge links.
    expect(slackBody.text).toContain('Use &lt;feature flags&gt; &amp;');
    expect(slackBody.blocks[0]).toMatchObject({ type: 'section', text: { type: 'mrkdwn' } });

    expect(bodyOf(forTeams!)).toMatchObject({
      type: 'message',
      attachments: [
        {
          contentType: 'application/vnd.microsoft.card.adaptive',
          content: {
            type: 'AdaptiveCard',
            body: expect.arrayContaining([expect.objectContaining({ text: post.title })]),
            actions: [{ type: 'Action.OpenUrl', url: `http://outloud.test/#/posts/${post.id}` }],
          },
        },
      ],
    });
    expect(forTeams!.headers['webhook-signature']).toMatch(/^v1,/);
  });

  it('retries a delivery the receiver refused, and logs every attempt', async () => {
    const hook = await receiver();
    hook.answer = (n) => (n === 0 ? 500 : 200);
    const { webhook } = await addWebhook(admin, { url: hook.url, events: ['post.created'] });
    const post = await write(admin, general.id);
    const tries = await eventually(() => {
      const got = about(hook, post.title);
      return got.length >= 2 ? got : undefined;
    });
    expect(tries.map((r) => r.answered)).toEqual([500, 200]);
    // Every attempt carries the same message id, so a receiver can drop a repeat.
    expect(new Set(tries.map((r) => r.headers['webhook-id'])).size).toBe(1);
    const log = await eventually(async () => {
      const page = await admin.request<DeliveryPage>(
        'GET',
        `/admin/webhooks/${webhook.id}/deliveries`,
      );
      return page.body.items[0]?.status === 'succeeded' ? page.body : undefined;
    });
    expect(log.items[0]).toMatchObject({ attempts: 2, responseCode: 200 });
    expect(log.items[0]!.error).toBeUndefined();
  });

  it('loses nothing when the receiver dies mid-stream and comes back: every event once', async () => {
    const hook = await receiver();
    const { webhook } = await addWebhook(admin, { url: hook.url, events: ['post.created'] });
    const before = [];
    for (let i = 0; i < 3; i++) before.push(await write(member, general.id));
    await eventually(() => (hook.delivered().size >= 3 ? true : undefined));
    await hook.stop();
    const during = [];
    for (let i = 0; i < 4; i++) during.push(await write(member, general.id));
    // Attempts fail while it is down.
    await eventually(async () => {
      const page = await admin.request<DeliveryPage>(
        'GET',
        `/admin/webhooks/${webhook.id}/deliveries`,
      );
      return page.body.items.filter((d) => d.status === 'pending' && d.attempts > 0).length >= 2
        ? true
        : undefined;
    });
    await hook.start();
    const delivered = await eventually(
      () => {
        const got = hook.delivered();
        return got.size >= 7 ? got : undefined;
      },
      { timeoutMs: 30_000 },
    );
    expect([...delivered.values()].map((answers) => answers.length)).toEqual(Array(7).fill(1));
    const titles = [...delivered.values()].map(
      (answers) => (bodyOf(answers[0]!) as { data: { post: { title: string } } }).data.post.title,
    );
    expect(titles.sort()).toEqual([...before, ...during].map((p) => p.title).sort());
    // The sender records a success after the receiver's answer reaches it, so the log may lag
    // the receiver by a moment.
    const log = await eventually(async () => {
      const page = await admin.request<DeliveryPage>(
        'GET',
        `/admin/webhooks/${webhook.id}/deliveries`,
      );
      return page.body.items.every((d) => d.status === 'succeeded') ? page.body : undefined;
    });
    expect(log.items).toHaveLength(7);
    expect(log.items.some((d) => d.attempts > 1)).toBe(true);
  });
});

describe('a webhook that keeps failing', () => {
  let world: ApiWorld;
  let hook: WebhookReceiver;

  beforeAll(async () => {
    world = await apiWorld(
      {},
      { webhooks: { retryDelaysMs: [50, 50, 50, 50], disableAfterFailures: 3, disableAfterMs: 0 } },
    );
    hook = await webhookReceiver();
    hook.answer = () => 503;
  });
  afterAll(async () => {
    await hook?.stop();
    await world?.[Symbol.asyncDispose]();
  });

  it('is turned off, with the reason for admins, and sends nothing more until turned on', async () => {
    const admin = await world.person();
    const general = await publicChannel(admin);
    const { webhook } = await addWebhook(admin, { url: hook.url, events: ['post.created'] });
    await write(admin, general.id);
    const off = await eventually(async () => {
      const list = await admin.request<WebhookList>('GET', '/admin/webhooks');
      const found = list.body.items.find((w) => w.id === webhook.id);
      return found && !found.active ? found : undefined;
    });
    expect(off.disabledReason).toMatch(/3 failed attempts/);
    expect(off.failureCount).toBe(3);
    const attempts = hook.received.length;
    // A webhook that is on gets the next post; events are handled in order, so by then the one
    // turned off would have had it queued too.
    const witness = await webhookReceiver();
    await addWebhook(admin, { url: witness.url, events: ['post.created'] });
    const next = await write(admin, general.id);
    await eventually(() => (about(witness, next.title).length > 0 ? true : undefined));
    await witness.stop();
    const page = await admin.request<DeliveryPage>(
      'GET',
      `/admin/webhooks/${webhook.id}/deliveries`,
    );
    expect(page.body.items).toHaveLength(1);
    expect(page.body.items[0]).toMatchObject({ status: 'pending', responseCode: 503 });
    expect(hook.received.length).toBe(attempts);

    // Turned on again, with the receiver fixed, the waiting deliveries go out.
    hook.answer = () => 200;
    const on = await admin.request<{ webhook: Webhook }>('PATCH', `/admin/webhooks/${webhook.id}`, {
      active: true,
    });
    expect(on.body.webhook).toMatchObject({ active: true, failureCount: 0 });
    expect(on.body.webhook.disabledReason).toBeUndefined();
    await eventually(() => (hook.delivered().size === 1 ? true : undefined));
  });
});
