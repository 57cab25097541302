import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import type { ChannelList, Post, WebhookCreated, WebhookList } from '@outloud/contracts';
import { eventually, randomWord } from '@outloud/testkit';
import { ApiClient } from '../support/api-client.js';
import { launchChromium, seriousA11yViolations } from '../support/browser.js';
import { pageOverflow } from '../support/overflow.js';
import { startTestStack, type TestStack } from '../support/stack.js';
import { webhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';

describe('the Integrations page', () => {
  let world: TestStack;
  let browser: Browser;
  let admin: ApiClient;
  let author: ApiClient;
  let receiver: WebhookReceiver;
  let host: string;

  /** A page signed in as the admin, on the Integrations tab, `width` px wide. */
  async function integrationsPage(width = 1280): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height: 800 } });
    const [name, ...value] = admin.cookie.split('=');
    if (!name || value.length === 0) throw new Error('the admin holds no session cookie');
    await context.addCookies([{ name, value: value.join('='), url: world.url }]);
    const page = await context.newPage();
    await page.goto(`${world.url}/#/admin/integrations`);
    await page.getByRole('heading', { level: 2, name: 'Integrations' }).waitFor();
    return page;
  }

  /** A tip in the public channel everyone starts in. */
  async function publicPost(): Promise<Post> {
    const channels = await author.request<ChannelList>('GET', '/channels');
    const general = channels.body.items.find((channel) => channel.slug === 'general')!;
    const title = `Tip ${randomWord()}`;
    const reply = await author.request<{ post: Post }>('POST', '/posts', {
      channelId: general.id,
      kind: 'tip',
      title,
      body: 'Pair on the first deploy; it halves the questions later.',
    });
    expect(reply.status).toBe(201);
    return reply.body.post;
  }

  /** The label of the field that has focus. */
  const focusedLabel = (page: Page) =>
    page.evaluate<string>("document.activeElement?.labels?.[0]?.textContent?.trim() ?? ''");

  /** The webhooks list's own items (not the delivery lists inside them). */
  const webhookItems = (page: Page): Locator =>
    page.getByRole('list', { name: 'Webhooks' }).locator(':scope > li');

  /** Opens a webhook's recent deliveries and refreshes them until one has succeeded. */
  async function waitForSuccess(item: Locator): Promise<Locator> {
    await item.getByRole('button', { name: 'Recent deliveries' }).click();
    const log = item.getByRole('list', { name: `Deliveries to ${host}` });
    const succeeded = log.getByRole('listitem').filter({ hasText: 'Succeeded' });
    await eventually(
      async () => {
        await item.getByRole('button', { name: 'Refresh' }).click();
        await item.getByRole('button', { name: 'Refresh' }).and(item.locator(':enabled')).waitFor();
        return (await succeeded.count()) > 0 ? true : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 300, what: 'a succeeded delivery in the list' },
    );
    return succeeded.first();
  }

  beforeAll(async () => {
    // The receiver listens on loopback, which real instances refuse as a target.
    world = await startTestStack({
      buildWeb: true,
      env: { WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' },
    });
    browser = await launchChromium();
    admin = new ApiClient(world.url);
    await admin.setup(world.stack.setupToken!);
    author = new ApiClient(world.url);
    await author.register();
    receiver = await webhookReceiver('/services/T000/B000/path-that-is-a-credential');
    host = new URL(receiver.url).host;
  });

  afterAll(async () => {
    await browser?.close();
    await receiver?.stop();
    await world?.[Symbol.asyncDispose]();
  });

  it('adds a Slack webhook, shows its secret once, lists a succeeded delivery, turns it off and deletes it', async () => {
    const page = await integrationsPage();
    await page.getByText('No webhooks yet.').waitFor();

    await page.getByLabel('Webhook URL').fill(receiver.url);
    await page.getByRole('radio', { name: /^Slack/ }).check();
    await page.getByRole('checkbox', { name: /^An answer is accepted/ }).check();
    await page.getByRole('button', { name: 'Add webhook' }).click();

    // The secret, once, with the warning, and focus on it so it can be copied at once.
    const secretField = page.getByLabel('Signing secret');
    await secretField.waitFor();
    const secret = await secretField.inputValue();
    expect(secret).toMatch(/^whsec_/);
    await expect.poll(() => focusedLabel(page)).toBe('Signing secret');
    await page.getByText('it will not be shown again').waitFor();
    await page.getByRole('button', { name: 'Copy secret' }).waitFor();

    const item = webhookItems(page).filter({ hasText: `To ${host}` });
    await item.getByText('Active', { exact: true }).waitFor();
    await item.getByText('Slack', { exact: true }).waitFor();
    await item.getByText('A post is published, An answer is accepted').waitFor();
    // The path of a chat webhook is its credential: the list names only the host.
    expect(await page.locator('body').innerText()).not.toContain('path-that-is-a-credential');
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Done' }).click();
    expect(await page.getByLabel('Signing secret').count()).toBe(0);
    await page.reload();
    await webhookItems(page).first().waitFor();
    expect(await page.content()).not.toContain(secret);

    // A tip in a public channel reaches the receiver, and the log says it succeeded.
    const post = await publicPost();
    const reloadedItem = webhookItems(page).filter({ hasText: `To ${host}` });
    const success = await waitForSuccess(reloadedItem);
    await success.getByText('A post is published').waitFor();
    await success.getByText(/1 attempt · HTTP 200 · [\d,]+ ms/).waitFor();
    expect(receiver.received.some((r) => r.body.includes(post.title))).toBe(true);
    await reloadedItem.getByText('None yet').waitFor({ state: 'detached' });

    await reloadedItem.getByRole('button', { name: 'Turn off' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `The webhook to ${host} is off.` })
      .waitFor();
    await reloadedItem.getByText('Off', { exact: true }).waitFor();
    await reloadedItem.getByRole('button', { name: 'Turn on' }).waitFor();
    const listed = await admin.request<WebhookList>('GET', '/admin/webhooks');
    expect(listed.body.items.map((webhook) => webhook.active)).toEqual([false]);

    await reloadedItem.getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete this webhook?' });
    await dialog.getByText(`Outloud stops sending to ${host}`).waitFor();
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Deleted the webhook to ${host}.` })
      .waitFor();
    await page.getByText('No webhooks yet.').waitFor();
    expect((await admin.request<WebhookList>('GET', '/admin/webhooks')).body.items).toEqual([]);
  });

  it('says what is missing in the form and puts focus on it', async () => {
    const page = await integrationsPage();
    await page.getByRole('checkbox', { name: /^A post is published/ }).uncheck();
    await page.getByRole('button', { name: 'Add webhook' }).click();
    await page.getByText("Enter the webhook's address.").waitFor();
    await page.getByText('Pick at least one event.').waitFor();
    const url = page.getByLabel('Webhook URL');
    await expect.poll(() => focusedLabel(page)).toBe('Webhook URL');

    // The hours appear with the event that uses them, and are checked.
    await url.fill('https://hooks.slack.com/services/T0/B0/x');
    expect(await page.getByRole('radio', { name: /^Slack/ }).isChecked()).toBe(true);
    await page.getByRole('checkbox', { name: /^A question stays unanswered/ }).check();
    await page.getByLabel('Hours a question waits').fill('0');
    await page.getByRole('button', { name: 'Add webhook' }).click();
    await page.getByText('Enter whole hours from 1 to 720.').waitFor();
    expect((await admin.request<WebhookList>('GET', '/admin/webhooks')).body.items).toEqual([]);
  });

  it('fits a 360 px phone with a webhook and its deliveries open, without serious accessibility violations', async () => {
    const created = await admin.request<WebhookCreated>('POST', '/admin/webhooks', {
      url: receiver.url,
      preset: 'teams',
      events: ['post.created', 'question.unanswered', 'challenge.day'],
      unansweredHours: 48,
    });
    expect(created.status).toBe(201);
    await publicPost();

    const page = await integrationsPage(360);
    const item = webhookItems(page).filter({ hasText: `To ${host}` });
    await item.getByText('A question stays unanswered (after 48 hours)').waitFor();
    await waitForSuccess(item);
    await page.getByRole('button', { name: 'Add webhook' }).click();
    await page.getByText("Enter the webhook's address.").waitFor();

    const { innerWidth, scrollWidth, offenders } = await pageOverflow(page);
    expect({ scrollWidth, offenders }).toEqual({ scrollWidth: innerWidth, offenders: [] });
    expect(await seriousA11yViolations(page)).toEqual([]);
  });
});
