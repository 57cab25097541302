import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { ChannelList } from '@outloud/contracts';
import { ApiClient } from '../support/api-client.js';
import { launchChromium, signUp } from '../support/browser.js';
import { startTestStack, type TestStack } from '../support/stack.js';

describe('the web app', () => {
  let world: TestStack;
  let browser: Browser;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    world = await startTestStack({ buildWeb: true });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await world?.[Symbol.asyncDispose]();
  });

  it('signs up, posts a tip, and a second person sees it appear live', async () => {
    const stamp = Date.now().toString(36);
    const writer = await (await browser.newContext()).newPage();
    const reader = await (await browser.newContext()).newPage();
    for (const page of [writer, reader]) {
      page.on('pageerror', (error) => consoleErrors.push(String(error)));
    }
    await signUp(writer, world.url, `writer${stamp}`);
    await signUp(reader, world.url, `reader${stamp}`);
    // The reader's page is open on the feed (and subscribed) before the tip exists.
    await reader.waitForTimeout(500);

    const title = `Pair on hard bugs ${stamp}`;
    await writer.getByLabel('Title').fill(title);
    await writer.getByLabel('Body').fill('Two people **see more** than one.');
    await writer.getByLabel('Tags').fill('pairing, debugging');
    await writer.getByRole('button', { name: 'Post' }).click();

    const writerFeed = writer.getByRole('list', { name: 'Feed' });
    await writerFeed.getByRole('heading', { name: title }).waitFor();

    // No reload: the post arrives over socket.io, announced by a bar rather than pushed into
    // the list under the reader's eyes; clicking the bar shows it.
    const readerFeed = reader.getByRole('list', { name: 'Feed' });
    const bar = reader.getByRole('button', { name: '1 new post' });
    await bar.waitFor({ timeout: 10_000 });
    expect(await readerFeed.getByRole('heading', { name: title }).count()).toBe(0);
    await bar.click();
    await readerFeed.getByRole('heading', { name: title }).waitFor();
    expect(await bar.count()).toBe(0);
    const item = readerFeed.getByRole('listitem').filter({ hasText: title });
    expect(await item.locator('strong').textContent()).toBe('see more');
    expect(await readerFeed.getByRole('heading', { name: title }).count()).toBe(1);

    // And search finds it through the header box (indexing takes a moment, so search again
    // until it shows up, as a person would).
    const box = reader.getByRole('searchbox', { name: 'Search posts' });
    const hit = reader
      .getByRole('list', { name: 'Search results' })
      .getByRole('link', { name: title });
    const deadline = Date.now() + 15_000;
    do {
      await box.fill('pairing hard bugs');
      await box.press('Enter');
      await hit.waitFor({ timeout: 1_000 }).catch(() => undefined);
    } while (!(await hit.isVisible()) && Date.now() < deadline);
    expect(await hit.isVisible()).toBe(true);
    expect(await reader.locator('mark').count()).toBeGreaterThan(0);
    expect(consoleErrors).toEqual([]);
  });

  it('replays what was missed during a network drop once the connection is back', async () => {
    const stamp = Date.now().toString(36);
    const reader = await (await browser.newContext()).newPage();
    reader.on('pageerror', (error) => consoleErrors.push(String(error)));
    await signUp(reader, world.url, `drop${stamp}`);
    const status = reader.locator('[data-live-status]');
    await reader.locator('[data-live-status="online"]').waitFor({ state: 'attached' });
    const replays: string[] = [];
    reader.on('request', (request) => {
      if (request.url().includes('/api/v1/live/events?since=')) replays.push(request.url());
    });

    await reader.context().setOffline(true);
    await reader.getByText('You are offline.').waitFor();
    const author = new ApiClient(world.url);
    await author.register();
    const channels = await author.request<ChannelList>('GET', '/channels');
    const general = channels.body.items.find((channel) => channel.slug === 'general');
    const title = `Posted while you were away ${stamp}`;
    const posted = await author.request('POST', '/posts', {
      channelId: general?.id,
      kind: 'tip',
      title,
      body: 'Nothing is lost.',
    });
    expect(posted.status).toBe(201);
    await reader.context().setOffline(false);

    // Back online: the socket reconnects and the missed post is replayed into the new-posts bar.
    await reader.getByRole('button', { name: '1 new post' }).waitFor({ timeout: 20_000 });
    expect(await status.getAttribute('data-live-status')).toBe('online');
    expect(replays.length).toBeGreaterThan(0);
    await reader.getByRole('button', { name: '1 new post' }).click();
    await reader
      .getByRole('list', { name: 'Feed' })
      .getByRole('heading', { name: title })
      .waitFor();
    expect(consoleErrors).toEqual([]);
  });
});
