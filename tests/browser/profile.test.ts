import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Channel, Post } from '@outloud/contracts';
import { solidPng } from '@outloud/testkit';
import { ApiClient } from '../support/api-client.js';
import { launchChromium, openSignedIn, seriousA11yViolations } from '../support/browser.js';
import { startTestStack, type TestStack } from '../support/stack.js';

describe('profile and API tokens in the web app', () => {
  let world: TestStack;
  let browser: Browser;
  let dataDir: string;

  /** A page signed in with the session of someone registered through the API. */
  async function signedIn(client: ApiClient): Promise<Page> {
    const page = await openSignedIn(browser, world.url, client, { width: 390, height: 844 });
    await page.goto(`${world.url}/#/`);
    await page.getByLabel('Title').waitFor();
    return page;
  }

  /** Whether the first <img> matching `selector` has loaded real pixels (served, allowed, decoded). */
  const loaded = (page: Page, selector: string) =>
    expect
      .poll(() =>
        page.evaluate<boolean>(
          `(() => { const img = document.querySelector(${JSON.stringify(selector)});
            return img !== null && img.complete && img.naturalWidth > 0; })()`,
        ),
      )
      .toBe(true);

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'outloud-browser-uploads-'));
    world = await startTestStack({ buildWeb: true, env: { DATA_DIR: dataDir } });
    browser = await launchChromium();
    await new ApiClient(world.url).setup(world.stack.setupToken!);
  });

  afterAll(async () => {
    await browser?.close();
    await world?.[Symbol.asyncDispose]();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('edits the profile and picture, then shows them on the profile and beside a post', async () => {
    const member = new ApiClient(world.url);
    const me = await member.register();
    const general = (
      await member.request<{ items: Channel[] }>('GET', '/channels')
    ).body.items.find((c) => c.slug === 'general')!;
    const post = (
      await member.request<{ post: Post }>('POST', '/posts', {
        channelId: general.id,
        kind: 'tip',
        title: 'Keep pull requests small',
        body: 'Reviews go faster.',
        tags: [],
      })
    ).body.post;

    const page = await signedIn(member);
    await page.goto(`${world.url}/#/settings`);
    await page.getByRole('heading', { name: 'Profile', level: 2 }).waitFor();
    await page.getByLabel('Display name').fill('Grace Hopper');
    await page.getByLabel('Title', { exact: true }).fill('Rear admiral');
    await page.getByLabel('Team', { exact: true }).fill('Compilers');
    await page.getByLabel('Bio').fill('Found the first actual bug.');
    await page.getByLabel('Time zone').fill('Asia/Tokyo');
    await page.getByLabel('Skills').fill('cobol, compilers');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByText('Profile saved.').waitFor();

    await page.getByLabel('Choose a picture').setInputFiles({
      name: 'grace.png',
      mimeType: 'image/png',
      buffer: solidPng(300, 200, [0x1d, 0x4e, 0xd8]),
    });
    await page.getByRole('img', { name: /preview/ }).waitFor();
    await page.getByRole('button', { name: 'Upload picture' }).click();
    await page.getByText('Picture saved.').waitFor();
    await page.getByRole('button', { name: 'Remove picture' }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);

    // The header's account menu shows the picture at once.
    await page.getByRole('button', { name: 'Account menu for Grace Hopper' }).waitFor();
    await loaded(page, '.avatar-button img');

    // The profile page, as a colleague sees it.
    const colleague = new ApiClient(world.url);
    await colleague.register();
    const viewer = await signedIn(colleague);
    await viewer.goto(`${world.url}/#/users/${me.handle}`);
    await viewer.getByRole('heading', { level: 1, name: /Grace Hopper/ }).waitFor();
    await viewer.getByText('Rear admiral · Compilers').waitFor();
    await viewer.getByText('Found the first actual bug.').waitFor();
    // English writes the 12-hour clock (ICU may put a narrow space before AM/PM).
    await viewer.getByText(/^Local time \d{1,2}:\d\d\s[AP]M \(GMT\+9\)$/u).waitFor();
    await viewer.getByRole('heading', { name: 'Says they know' }).waitFor();
    await viewer.getByRole('link', { name: '#cobol' }).waitFor();
    const picture = viewer.getByRole('img', { name: 'Grace Hopper', exact: true });
    expect(await picture.getAttribute('src')).toMatch(/^\/api\/v1\/avatars\/[0-9a-f-]{36}\.webp$/);
    await loaded(viewer, 'img[alt="Grace Hopper"]');

    // The post's author follows once the feed has the identity event.
    await expect
      .poll(
        async () => {
          await viewer.goto(`${world.url}/#/posts/${post.id}`);
          await viewer.getByRole('heading', { name: 'Keep pull requests small' }).waitFor();
          const author = viewer.locator('a.author').filter({ hasText: 'Grace Hopper' });
          return (await author.count()) > 0 && (await author.locator('img').count()) > 0;
        },
        { timeout: 20_000 },
      )
      .toBe(true);
    await loaded(viewer, 'a.author img');
  });

  it('creates a token, shows it once, and revokes it', async () => {
    const member = new ApiClient(world.url);
    await member.register();
    const page = await signedIn(member);
    await page.goto(`${world.url}/#/settings`);
    await page.getByRole('heading', { name: 'API tokens' }).waitFor();
    await page.getByText('You have no API tokens.').waitFor();

    await page.getByLabel('Token name').fill('CI pipeline');
    await page.getByLabel('Expires').selectOption({ label: '30 days' });
    await page.getByRole('button', { name: 'Create token' }).click();
    const secret = page.getByLabel('Token CI pipeline');
    await secret.waitFor();
    const token = await secret.inputValue();
    expect(token).toMatch(/^olt_/);
    const me = () =>
      fetch(`${world.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    expect((await me()).status).toBe(200);

    const list = page.getByRole('list', { name: 'Your API tokens' });
    const row = list.getByRole('listitem').filter({ hasText: 'CI pipeline' });
    await row.waitFor();
    // Not used when the list was read; expiring in 30 days.
    expect(await row.locator('dd').nth(1).textContent()).toBe('Never');
    expect(await row.locator('dd').nth(2).textContent()).not.toBe('Never');

    // Shown once: gone after Done and after a reload.
    await page.getByRole('button', { name: 'Done' }).click();
    expect(await page.getByLabel('Token CI pipeline').count()).toBe(0);
    await page.reload();
    await row.waitFor();
    expect(await page.getByText(token).count()).toBe(0);

    await row.getByRole('button', { name: 'Revoke CI pipeline' }).click();
    const dialog = page.getByRole('dialog', { name: 'Revoke this token?' });
    await dialog.getByRole('button', { name: 'Revoke token' }).click();
    await page.getByText('Revoked “CI pipeline”.').waitFor();
    await page.getByText('You have no API tokens.').waitFor();
    expect((await me()).status).toBe(401);
  });
});
