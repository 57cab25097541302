import type { Channel, ChannelList, Post } from '@outloud/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ApiClient } from '../support/api-client.js';
import {
  launchChromium,
  openSignedIn,
  recordLiveFrames,
  scrollsSideways,
  seriousA11yViolations,
  subscribedToChannel,
} from '../support/browser.js';
import { startTestStack, type TestStack } from '../support/stack.js';

describe('the home page', () => {
  let world: TestStack;
  let browser: Browser;
  let admin: ApiClient;
  let general: Channel;
  let design: Channel;
  const pageErrors: string[] = [];

  /** A page signed in with the session of someone registered through the API. */
  /** What each page sent over its live connection. */
  const liveFrames = new WeakMap<Page, string[]>();

  async function signedIn(client: ApiClient, viewport = { width: 1024, height: 900 }) {
    const page = await openSignedIn(browser, world.url, client, {
      ...viewport,
      errors: pageErrors,
    });
    liveFrames.set(page, recordLiveFrames(page));
    await page.goto(`${world.url}/#/`);
    await page.getByLabel('Title').waitFor();
    return page;
  }

  async function post(
    author: ApiClient,
    input: { channelId: string; kind: Post['kind']; title: string; tags?: string[] } & {
      pinnedUntil?: string;
    },
  ): Promise<Post> {
    const created = await author.request<{ post: Post }>('POST', '/posts', {
      body: `${input.title}, in a few words.`,
      ...input,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body.post;
  }

  /** The feed's cards, top to bottom, as their titles. */
  async function cardTitles(page: Page): Promise<string[]> {
    return page
      .getByRole('list', { name: 'Feed' })
      .getByRole('heading', { level: 3 })
      .allTextContents();
  }

  beforeAll(async () => {
    world = await startTestStack({ buildWeb: true });
    browser = await launchChromium();
    admin = new ApiClient(world.url);
    await admin.setup(world.stack.setupToken!);
    const channels = await admin.request<ChannelList>('GET', '/channels');
    general = channels.body.items.find((channel) => channel.slug === 'general')!;
    const created = await admin.request<{ channel: Channel }>('POST', '/channels', {
      slug: 'design',
      name: 'Design',
      visibility: 'public',
    });
    design = created.body.channel;
  });

  afterAll(async () => {
    await browser?.close();
    await world?.[Symbol.asyncDispose]();
  });

  it('shows the latest of every channel with its name, a pinned announcement first, and my topics', async () => {
    const stamp = Date.now().toString(36);
    const announcement = await post(admin, {
      channelId: general.id,
      kind: 'announcement',
      title: `All-hands on Friday ${stamp}`,
      pinnedUntil: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    });
    await post(admin, { channelId: general.id, kind: 'tip', title: `Name branches well ${stamp}` });
    await post(admin, {
      channelId: design.id,
      kind: 'question',
      title: `Which grid for dashboards ${stamp}?`,
      tags: ['layout'],
    });
    await post(admin, {
      channelId: general.id,
      kind: 'question',
      title: `Lunch spots ${stamp}?`,
      tags: ['food'],
    });

    const reader = new ApiClient(world.url);
    await reader.register({ handle: `reader${stamp}` });
    expect((await reader.request('PATCH', '/me', { skills: ['layout'] })).status).toBe(200);
    const page = await signedIn(reader);

    // Latest: the pinned announcement on top, then the newest of both channels, each named.
    await page.getByRole('list', { name: 'Feed' }).waitFor();
    const titles = await cardTitles(page);
    expect(titles[0]).toBe(announcement.title);
    expect(titles).toEqual(
      expect.arrayContaining([
        `Name branches well ${stamp}`,
        `Which grid for dashboards ${stamp}?`,
      ]),
    );
    const designCard = page
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { name: `Which grid for dashboards ${stamp}?` }) });
    await designCard.getByRole('link', { name: 'in Design' }).waitFor();
    const generalCard = page
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { name: `Name branches well ${stamp}` }) });
    await generalCard.getByRole('link', { name: 'in General' }).waitFor();

    // A new post in a channel the reader has not joined arrives live behind the "new posts" bar.
    await expect
      .poll(() => subscribedToChannel(liveFrames.get(page)!, design.id), { timeout: 10_000 })
      .toBe(true);
    await post(admin, { channelId: design.id, kind: 'tip', title: `Fresh from design ${stamp}` });
    await page.getByRole('button', { name: '1 new post' }).click();
    await page
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { name: `Fresh from design ${stamp}` }) })
      .getByRole('link', { name: 'in Design' })
      .waitFor();

    // Unanswered in my topics: the question tagged with my skill, not the others.
    await page.getByRole('tab', { name: 'Unanswered in my topics' }).click();
    await page
      .getByRole('list', { name: 'Feed' })
      .getByRole('heading', { name: `Which grid for dashboards ${stamp}?` })
      .waitFor();
    expect(await cardTitles(page)).not.toContain(`Lunch spots ${stamp}?`);

    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('tells someone without topics how to get some', async () => {
    const newcomer = new ApiClient(world.url);
    await newcomer.register();
    const page = await signedIn(newcomer);
    await page.getByRole('tab', { name: 'Unanswered in my topics' }).click();
    await page.getByRole('link', { name: 'Add skills to your profile' }).waitFor();
  });

  it('opens the one-line composer in place, posts to a chosen channel, and closes it', async () => {
    const stamp = Date.now().toString(36);
    const writer = new ApiClient(world.url);
    await writer.register({ handle: `writer${stamp}` });
    await writer.request('POST', `/channels/${design.id}/join`);
    const page = await signedIn(writer, { width: 360, height: 780 });

    const title = page.getByLabel('Title');
    expect(await title.getAttribute('placeholder')).toBe('Share a tip or ask…');
    expect(await page.getByLabel('Body').count()).toBe(0);
    await title.click();
    // Open in place, focus in the title; Escape closes it again.
    await page.getByLabel('Body').waitFor();
    expect(await page.evaluate('document.activeElement?.name')).toBe('title');
    await page.keyboard.press('Escape');
    await page.getByLabel('Body').waitFor({ state: 'detached' });

    await title.fill(`Sketch before you build ${stamp}`);
    await page
      .locator('form.composer')
      .getByLabel('Channel', { exact: true })
      .selectOption({ label: 'Design' });
    await page.getByLabel('Body').fill('Ten minutes on paper save a day of code.');
    expect(await scrollsSideways(page)).toBe(false);
    await page.getByRole('button', { name: 'Post' }).click();

    const card = page
      .getByRole('list', { name: 'Feed' })
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { name: `Sketch before you build ${stamp}` }) });
    await card.getByRole('link', { name: 'in Design' }).waitFor();
    // Closed again, and empty.
    await page.getByLabel('Body').waitFor({ state: 'detached' });
    expect(await title.inputValue()).toBe('');
    expect(await scrollsSideways(page)).toBe(false);
  });

  it('shows a short welcome that stays dismissed after a reload', async () => {
    const person = new ApiClient(world.url);
    await person.register();
    const page = await signedIn(person);
    const welcome = page.getByRole('region', { name: /^Welcome to Outloud/ });
    await welcome.waitFor();
    expect(await welcome.textContent()).not.toMatch(/notified/);
    await welcome.getByRole('button', { name: 'Got it' }).click();
    await welcome.waitFor({ state: 'detached' });
    await page.reload();
    await page.getByLabel('Title').waitFor();
    await page
      .getByRole('list', { name: 'Feed' })
      .or(page.getByText('No posts yet'))
      .first()
      .waitFor();
    expect(await welcome.count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
