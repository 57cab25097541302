import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Channel } from '@outloud/contracts';
import { ApiClient } from '../support/api-client.js';
import {
  launchChromium,
  recordLiveFrames,
  scrollsSideways,
  seriousA11yViolations,
  subscribedToChannel,
} from '../support/browser.js';
import { startTestStack, type TestStack } from '../support/stack.js';

describe('channels at company scale', () => {
  let world: TestStack;
  let browser: Browser;
  let admin: ApiClient;
  const stamp = Date.now().toString(36);
  const name = (n: number) => `Topic ${String(n).padStart(2, '0')} ${stamp}`;
  const channels = new Map<number, Channel>();

  beforeAll(async () => {
    world = await startTestStack({ buildWeb: true });
    browser = await launchChromium();
    admin = new ApiClient(world.url);
    await admin.setup(world.stack.setupToken!);
    // Thirty channels (admins are not held to the daily channel limit).
    for (let n = 1; n <= 30; n++) {
      const created = await admin.request<{ channel: Channel }>('POST', '/channels', {
        slug: `topic-${n}-${stamp}`,
        name: name(n),
        description: n === 7 ? 'Kubernetes clinic: bring your cluster questions' : '',
        visibility: 'public',
      });
      expect(created.status).toBe(201);
      channels.set(n, created.body.channel);
    }
    // Topic 05 has the latest post; Topic 12 the most members.
    const posted = await admin.request('POST', '/posts', {
      channelId: channels.get(5)!.id,
      kind: 'tip',
      title: 'Kick-off notes',
      body: 'Agenda inside.',
    });
    expect(posted.status).toBe(201);
    const bob = new ApiClient(world.url);
    await bob.register();
    expect((await bob.request('POST', `/channels/${channels.get(12)!.id}/join`)).status).toBe(204);
  });

  afterAll(async () => {
    await browser?.close();
    await world?.[Symbol.asyncDispose]();
  });

  const sidebar = (page: Page) => page.getByRole('navigation', { name: 'Channels' });

  /** Signs a new person up and waits for their sidebar (whatever the home page shows). */
  async function signUp(page: Page, handle: string): Promise<void> {
    await page.goto(`${world.url}/#/signup`);
    await page.getByLabel('Email').fill(`${handle}@example.test`);
    await page.getByLabel('Password').fill('correct horse battery');
    await page.getByLabel('Display name').fill(`Person ${handle}`);
    await page.getByLabel('Handle').fill(handle);
    await page.getByRole('button', { name: 'Sign up' }).click();
    // Attached, not visible: on a phone the sidebar stays folded away behind the menu.
    await page.locator('#sidebar a', { hasText: 'General' }).waitFor({ state: 'attached' });
  }
  const directoryItems = (page: Page) =>
    page.getByRole('list', { name: 'Channels found' }).getByRole('listitem');
  const firstHeading = (page: Page) => directoryItems(page).first().getByRole('heading');

  it('lists joined channels in the sidebar and finds, sorts and pages the rest in the directory', async () => {
    const page = await (await browser.newContext()).newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    await signUp(page, `reader${stamp}`);

    // Only the channel everyone joins is in the sidebar, not the thirty others.
    const joined = sidebar(page).getByRole('list', { name: 'Your channels' });
    await joined.getByRole('link', { name: /General/ }).waitFor();
    expect(
      await sidebar(page)
        .getByRole('link', { name: new RegExp(stamp) })
        .count(),
    ).toBe(0);

    await sidebar(page).getByRole('link', { name: 'Browse all channels' }).click();
    await page.getByRole('heading', { name: 'Channels', level: 1 }).waitFor();
    const search = page.getByRole('searchbox', { name: 'Search channels' });
    const sort = page.getByLabel('Sort by');

    // Pages of twenty, then the rest.
    await search.fill(stamp);
    await sort.selectOption('name');
    await expect.poll(() => firstHeading(page).textContent()).toContain(name(1));
    expect(await directoryItems(page).count()).toBe(20);
    await page.getByRole('button', { name: 'Load more' }).click();
    await expect.poll(() => directoryItems(page).count()).toBe(30);
    expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);

    await sort.selectOption('activity');
    await expect.poll(() => firstHeading(page).textContent()).toContain(name(5));
    await sort.selectOption('members');
    await expect.poll(() => firstHeading(page).textContent()).toContain(name(12));

    // Search reaches descriptions, case-insensitively.
    await search.fill('KUBERNETES clinic');
    await expect.poll(() => directoryItems(page).count()).toBe(1);
    expect(await firstHeading(page).textContent()).toContain(name(7));
    await search.fill(`nothing like this ${stamp}`);
    await page.getByText(/No channel matches/).waitFor();

    // Joining from the directory puts the channel in the sidebar.
    for (const n of [7, 20]) {
      await search.fill(`topic ${String(n).padStart(2, '0')} ${stamp}`);
      await expect.poll(() => directoryItems(page).count()).toBe(1);
      await directoryItems(page).getByRole('button', { name: 'Join' }).click();
      await joined.getByRole('link', { name: new RegExp(name(n)) }).waitFor();
    }
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('stars a channel to the top and counts posts by others live until the channel is opened', async () => {
    const page = await (await browser.newContext()).newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    const frames = recordLiveFrames(page);
    await signUp(page, `star${stamp}`);
    for (const n of [3, 4]) {
      await page.goto(`${world.url}/#/channels/${channels.get(n)!.id}`);
      await page.getByRole('button', { name: 'Join' }).click();
      await sidebar(page)
        .getByRole('link', { name: new RegExp(name(n)) })
        .waitFor();
    }
    await page.goto(`${world.url}/#/`);

    // Starring (from the keyboard) moves Topic 04 above General and Topic 03.
    const links = sidebar(page).getByRole('listitem').getByRole('link');
    await expect.poll(() => links.first().textContent()).toContain('General');
    const star = sidebar(page).getByRole('button', { name: `Star ${name(4)}` });
    await star.focus();
    await page.keyboard.press('Enter');
    const starred = sidebar(page).getByRole('list', { name: 'Starred channels' });
    await starred.getByRole('link', { name: new RegExp(name(4)) }).waitFor();
    expect(await links.first().textContent()).toContain(name(4));
    expect(
      await sidebar(page)
        .getByRole('button', { name: `Unstar ${name(4)}` })
        .getAttribute('aria-pressed'),
    ).toBe('true');

    // A post by someone else in a joined channel that is not open shows up as unread, live.
    const topic3 = sidebar(page).getByRole('link', { name: new RegExp(name(3)) });
    await expect
      .poll(() => subscribedToChannel(frames, channels.get(3)!.id), { timeout: 10_000 })
      .toBe(true);
    for (const title of ['First news', 'Second news']) {
      const posted = await admin.request('POST', '/posts', {
        channelId: channels.get(3)!.id,
        kind: 'tip',
        title,
        body: 'Fresh.',
      });
      expect(posted.status).toBe(201);
    }
    await sidebar(page)
      .getByRole('link', { name: new RegExp(`${name(3)}.*2 unread posts`) })
      .waitFor({ timeout: 10_000 });

    // Opening it reads it, and that sticks after a reload.
    await topic3.click();
    await page.getByRole('heading', { name: name(3), level: 1 }).waitFor();
    await expect.poll(() => topic3.getAttribute('aria-current')).toBe('page');
    expect(
      await sidebar(page)
        .getByRole('link', { name: /unread/ })
        .count(),
    ).toBe(0);
    await page.goto(`${world.url}/#/`);
    await page.reload();
    await sidebar(page)
      .getByRole('link', { name: new RegExp(name(3)) })
      .waitFor();
    expect(
      await sidebar(page)
        .getByRole('link', { name: /unread/ })
        .count(),
    ).toBe(0);
    expect(await links.first().textContent()).toContain(name(4));
    expect(errors).toEqual([]);
  });

  it('fits a phone screen', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await signUp(page, `phone${stamp}`);
    await page.goto(`${world.url}/#/channels`);
    await page.getByRole('searchbox', { name: 'Search channels' }).fill(stamp);
    await expect.poll(() => directoryItems(page).count()).toBe(20);
    expect(await scrollsSideways(page)).toBe(false);
  });
});
