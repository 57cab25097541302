import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { ChannelList, Post } from '@outloud/contracts';
import { randomWord } from '@outloud/testkit';
import { ApiClient } from '../support/api-client.js';
import { launchChromium, seriousA11yViolations } from '../support/browser.js';
import { pageOverflow } from '../support/overflow.js';
import { startTestStack, type TestStack } from '../support/stack.js';

describe('getting data out and deleting an account in the web app', () => {
  let world: TestStack;
  let browser: Browser;
  let admin: ApiClient;

  /** A page signed in as `who`, at `hash`, `width` px wide. */
  async function pageAs(who: ApiClient, hash: string, width = 1280): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width, height: 800 },
      acceptDownloads: true,
    });
    const [name, ...value] = who.cookie.split('=');
    if (!name || value.length === 0) throw new Error('no session cookie');
    await context.addCookies([{ name, value: value.join('='), url: world.url }]);
    const page = await context.newPage();
    await page.goto(`${world.url}/${hash}`);
    return page;
  }

  /** A tip by `who` in the channel everyone starts in. */
  async function tipBy(who: ApiClient): Promise<Post> {
    const channels = await who.request<ChannelList>('GET', '/channels');
    const general = channels.body.items.find((channel) => channel.slug === 'general')!;
    const reply = await who.request<{ post: Post }>('POST', '/posts', {
      channelId: general.id,
      kind: 'tip',
      title: `Tip ${randomWord()}`,
      body: 'Write the runbook while the incident is fresh.',
    });
    expect(reply.status).toBe(201);
    return reply.body.post;
  }

  beforeAll(async () => {
    world = await startTestStack({ buildWeb: true });
    browser = await launchChromium();
    admin = new ApiClient(world.url);
    await admin.setup(world.stack.setupToken!);
    // Builds the web app and starts every service: slow on a busy machine.
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await world?.[Symbol.asyncDispose]();
  });

  it('downloads my data with my post, then deletes my account with my password so signing in fails', async () => {
    const person = new ApiClient(world.url);
    const me = await person.register({ password: 'a long enough secret' });
    const post = await tipBy(person);
    const page = await pageAs(person, '#/settings');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download my data' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^outloud-${me.handle}-.*\\.json$`));
    const file = JSON.parse(await readFile(await download.path(), 'utf8')) as unknown;
    expect(JSON.stringify(file)).toContain(post.title);

    await page.getByRole('button', { name: 'Delete my account…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete your account?' });
    await dialog.getByText('stay under an anonymous name').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Delete my account' }).click();
    await dialog.getByText('Enter your password to confirm.').waitFor();
    await dialog.getByLabel('Your password').fill('not the password');
    await dialog.getByRole('button', { name: 'Delete my account' }).click();
    await dialog.getByText('That is not your password.').waitFor();
    await dialog.getByLabel('Your password').fill('a long enough secret');
    await dialog.getByRole('button', { name: 'Delete my account' }).click();

    await page.waitForURL((url) => url.hash === '#/' || url.hash === '');
    expect((await page.request.get(`${world.url}/api/v1/me`)).status()).toBe(401);
    const signIn = await new ApiClient(world.url).request('POST', '/auth/login', {
      email: me.email ?? `${me.handle}@example.test`,
      password: 'a long enough secret',
    });
    expect(signIn.status).toBe(401);
    // The post stays, under the anonymous name.
    const kept = await admin.request<{ post: Post }>('GET', `/posts/${post.id}`);
    expect(kept.status).toBe(200);
    expect(JSON.stringify(kept.body)).toContain('Former member');
  });

  it('runs a whole-instance export with its progress and a download link', async () => {
    const page = await pageAs(admin, '#/admin/export');
    await page.getByRole('heading', { level: 2, name: 'Export everything' }).waitFor();
    await page.getByRole('button', { name: 'Start export' }).click();
    await page.getByRole('progressbar', { name: 'Export progress' }).waitFor();
    const link = page.getByRole('link', { name: 'Download the archive' });
    await link.waitFor({ timeout: 60_000 });
    await page.getByText(/^Ready: [\d,]+ records?, /).waitFor();
    expect(await page.getByRole('progressbar').getAttribute('value')).toBe('100');
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toMatch(/^outloud-export-.*\.tar\.gz$/);
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('fits a 360 px phone on the settings danger zone and the export tab', async () => {
    const person = new ApiClient(world.url);
    await person.register();
    const settings = await pageAs(person, '#/settings', 360);
    await settings.getByRole('button', { name: 'Delete my account…' }).waitFor();
    const mine = await pageOverflow(settings);
    expect({ scrollWidth: mine.scrollWidth, offenders: mine.offenders }).toEqual({
      scrollWidth: mine.innerWidth,
      offenders: [],
    });
    expect(await seriousA11yViolations(settings)).toEqual([]);

    const exports = await pageAs(admin, '#/admin/export', 360);
    await exports.getByRole('button', { name: 'Start export' }).waitFor();
    const tab = await pageOverflow(exports);
    expect({ scrollWidth: tab.scrollWidth, offenders: tab.offenders }).toEqual({
      scrollWidth: tab.innerWidth,
      offenders: [],
    });
  });
});
