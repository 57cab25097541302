import type { ChannelList, Post } from '@outloud/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ApiClient } from '../support/api-client.js';
import { launchChromium, signUp } from '../support/browser.js';
import { startTestStack, type TestStack } from '../support/stack.js';

describe('notifications in the web app', () => {
  let world: TestStack;
  let browser: Browser;
  const pageErrors: string[] = [];

  async function openPage(): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    return page;
  }

  async function generalId(client: ApiClient): Promise<string> {
    const channels = await client.request<ChannelList>('GET', '/channels');
    const general = channels.body.items.find((channel) => channel.slug === 'general');
    if (general === undefined) throw new Error('the #general channel is missing');
    return general.id;
  }

  beforeAll(async () => {
    world = await startTestStack({ buildWeb: true });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await world?.[Symbol.asyncDispose]();
  });

  it('shows a mention live in the bell and takes the person to the post', async () => {
    const stamp = Date.now().toString(36);
    const handle = `ada${stamp}`;
    const page = await openPage();
    await signUp(page, world.url, handle);
    const bell = page.getByRole('button', { name: /^Notifications/ });
    expect(await bell.getAttribute('aria-label')).toBe('Notifications');

    // Someone else mentions her; the page is not reloaded.
    const bob = new ApiClient(world.url);
    await bob.register({ displayName: `Bob ${stamp}` });
    const title = `Who knows the deploy freeze rules ${stamp}`;
    const created = await bob.request<{ post: Post }>('POST', '/posts', {
      channelId: await generalId(bob),
      kind: 'question',
      title,
      body: `@${handle} you wrote the runbook, right?`,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);

    await page
      .getByRole('button', { name: 'Notifications, 1 unread' })
      .waitFor({ timeout: 15_000 });
    expect(await page.title()).toBe('(1) Outloud');
    await bell.click();
    const item = page
      .getByRole('list', { name: 'Recent notifications' })
      .getByRole('link', { name: new RegExp(`Bob ${stamp} mentioned you in “${title}”`) });
    await item.waitFor();
    await item.click();
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    await page.getByRole('button', { name: 'Notifications', exact: true }).waitFor();
    expect(await page.title()).toBe('Post · Outloud');

    // The full page lists it as read.
    await page.goto(`${world.url}/#/notifications`);
    const list = page.getByRole('list', { name: 'Notifications' });
    await list.getByRole('link', { name: /mentioned you/ }).waitFor();
    expect(await list.getByText('Unread:').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('keeps notification preferences and previews the digest', async () => {
    const stamp = Date.now().toString(36);
    const page = await openPage();
    await signUp(page, world.url, `prefs${stamp}`);
    await page.goto(`${world.url}/#/settings`);
    const mentions = page.getByRole('checkbox', { name: /^Mentions/ });
    await mentions.waitFor();
    expect(await mentions.isChecked()).toBe(true);
    await mentions.uncheck();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await page.reload();
    await mentions.waitFor();
    expect(await mentions.isChecked()).toBe(false);
    // The digest preview is shown in a sandboxed frame.
    const frame = page.locator('iframe[title="Digest preview"]');
    await frame.waitFor();
    expect(await frame.getAttribute('sandbox')).toBe('');
  });

  it('says when the browser is offline', async () => {
    const stamp = Date.now().toString(36);
    const page = await openPage();
    await signUp(page, world.url, `off${stamp}`);
    await page.context().setOffline(true);
    await page.getByText('You are offline.').waitFor();
    await page.context().setOffline(false);
    await page.getByText('You are offline.').waitFor({ state: 'hidden' });
  });
});
