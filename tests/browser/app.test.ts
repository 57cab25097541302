import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChannelList, Post } from '@outloud/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ApiClient } from '../support/api-client.js';
import {
  launchChromium,
  scrollsSideways,
  seriousA11yViolations,
  signUp,
} from '../support/browser.js';
import { startTestStack, type TestStack } from '../support/stack.js';

/** Presses Tab until the focused element matches the CSS `selector` (at most `max` presses). */
async function tabUntil(page: Page, selector: string, max = 30): Promise<void> {
  for (let i = 0; i < max; i += 1) {
    await page.keyboard.press('Tab');
    if (await isFocused(page, selector)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

/** Where the viewport tests leave their screenshots, for a person to look at. */
const shots = join(tmpdir(), 'outloud-shots');

/**
 * Whether the focused element matches the CSS `selector`. (A string is evaluated in the page:
 * these tests are typed without the DOM library.)
 */
async function isFocused(page: Page, selector: string): Promise<boolean> {
  return page.evaluate<boolean>(
    `document.activeElement?.matches(${JSON.stringify(selector)}) ?? false`,
  );
}

/** Moves focus off any field, as clicking on empty page space would. */
async function blur(page: Page): Promise<void> {
  await page.evaluate('document.activeElement?.blur()');
}

describe('the web app shell', () => {
  let world: TestStack;
  let browser: Browser;
  const pageErrors: string[] = [];

  async function openPage(viewport?: { width: number; height: number }): Promise<Page> {
    const context = await browser.newContext(viewport === undefined ? {} : { viewport });
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    return page;
  }

  /** A post in #general by someone registered through the API. */
  async function postInGeneral(
    author: ApiClient,
    post: { kind: Post['kind']; title: string; body: string; tags?: string[] },
  ): Promise<Post> {
    const channels = await author.request<ChannelList>('GET', '/channels');
    const general = channels.body.items.find((channel) => channel.slug === 'general');
    if (general === undefined) throw new Error('the #general channel is missing');
    const created = await author.request<{ post: Post }>('POST', '/posts', {
      channelId: general.id,
      ...post,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body.post;
  }

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    world = await startTestStack({ buildWeb: true });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await world?.[Symbol.asyncDispose]();
  });

  it('lets a newcomer post a first tip with the keyboard alone', async () => {
    const stamp = Date.now().toString(36);
    const page = await openPage();
    await signUp(page, world.url, `keys${stamp}`);
    await blur(page);

    // "?" lists the shortcuts; Escape closes the dialog.
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.waitFor();
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'hidden' });

    // "/" goes to search, "n" to the composer's title.
    await page.keyboard.press('/');
    expect(await isFocused(page, 'header input[type="search"]')).toBe(true);
    await blur(page);
    await page.keyboard.press('n');
    const title = page.getByLabel('Title');
    expect(await isFocused(page, 'form.composer input[name="title"]')).toBe(true);

    const tipTitle = `Name branches after tickets ${stamp}`;
    await page.keyboard.type(tipTitle);
    await tabUntil(page, 'textarea[name="body"]');
    await page.keyboard.type('Then **everyone** finds the work.');
    // The preview renders the Markdown as the feed will.
    await page.getByRole('region', { name: 'Preview' }).locator('strong').waitFor();
    await tabUntil(page, 'input[name="tags"]');
    await page.keyboard.type('git');
    await tabUntil(page, 'form.composer button[type="submit"]');
    await page.keyboard.press('Enter');

    const feed = page.getByRole('list', { name: 'Feed' });
    await feed.getByRole('heading', { name: tipTitle }).waitFor();
    // The composer is empty again and its draft is gone.
    expect(await title.inputValue()).toBe('');
    expect(
      await page.evaluate("Object.keys(localStorage).filter((k) => k.includes('draft'))"),
    ).toEqual([]);

    // Elsewhere, "n" opens the New post page with its title ready; "g f" goes back to the feed.
    await page.goto(`${world.url}/#/channels`);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    await blur(page);
    await page.keyboard.press('n');
    await page.getByRole('heading', { level: 1, name: 'New post' }).waitFor();
    await page.waitForFunction('document.activeElement?.name === "title"');
    await blur(page);
    await page.keyboard.press('g');
    await page.keyboard.press('f');
    await page.waitForURL((url) => url.hash === '#/');
    expect(pageErrors).toEqual([]);
  });

  it('keeps a draft, and the dismissed welcome, across a reload', async () => {
    const stamp = Date.now().toString(36);
    const page = await openPage();
    await signUp(page, world.url, `draft${stamp}`);
    // A newcomer is greeted with first steps until they dismiss them.
    const welcome = page.getByRole('region', { name: /^Welcome to Outloud/ });
    await welcome.getByRole('button', { name: 'Got it' }).click();
    await welcome.waitFor({ state: 'detached' });
    await page.getByLabel('Title').fill(`Half-written thought ${stamp}`);
    await page.getByLabel('Body').fill('To be continued');
    await page.reload();
    await page.getByLabel('Title').waitFor();
    expect(await page.getByLabel('Title').inputValue()).toBe(`Half-written thought ${stamp}`);
    expect(await page.getByLabel('Body').inputValue()).toBe('To be continued');
    expect(await welcome.count()).toBe(0);
  });

  it('says what is missing next to the field before posting', async () => {
    const stamp = Date.now().toString(36);
    const page = await openPage();
    await signUp(page, world.url, `valid${stamp}`);
    // The home composer opens from its one-line title field.
    await page.getByLabel('Title').click();
    await page.getByLabel('Tags').fill('Bad Tag!');
    await page.getByRole('button', { name: 'Post' }).click();
    await page.getByText('Give your post a title.').waitFor();
    await page.getByText('Write something in the body.').waitFor();
    await page.getByText(/Not a valid tag: "tag!"/).waitFor();
    expect(await page.getByLabel('Title').getAttribute('aria-invalid')).toBe('true');
  });

  it('suggests people for an @mention and tags already in use', async () => {
    const stamp = Date.now().toString(36);
    const colleague = new ApiClient(world.url);
    const grace = await colleague.register({
      handle: `grace${stamp}`,
      displayName: `Grace Hopper ${stamp}`,
    });
    await postInGeneral(colleague, {
      kind: 'tip',
      title: `Compilers are friends ${stamp}`,
      body: 'Read the error message twice.',
      tags: [`compilers${stamp}`],
    });

    const page = await openPage();
    await signUp(page, world.url, `ment${stamp}`);
    await page.getByLabel('Title').click();
    const body = page.getByLabel('Body');
    await body.click();
    await page.keyboard.type(`Thanks @grace${stamp.slice(0, 3)}`);
    const option = page
      .getByRole('listbox', { name: 'People to mention' })
      .getByRole('option', { name: new RegExp(`Grace Hopper ${stamp}`) });
    await option.waitFor();
    await page.keyboard.press('Enter');
    expect(await body.inputValue()).toBe(`Thanks @${grace.handle} `);

    const tags = page.getByLabel('Tags');
    await tags.click();
    await page.keyboard.type('comp');
    await page
      .getByRole('group', { name: 'Tag suggestions' })
      .getByRole('button', { name: `#compilers${stamp}` })
      .click();
    expect(await tags.inputValue()).toBe(`compilers${stamp}, `);
  });

  it('finds a post from a query with a typo and highlights the match', async () => {
    const stamp = Date.now().toString(36);
    const author = new ApiClient(world.url);
    await author.register();
    const title = `Kubernetes rollout checklist ${stamp}`;
    await postInGeneral(author, {
      kind: 'tip',
      title,
      body: 'Drain one node at a time and watch the error rate.',
      tags: ['kubernetes'],
    });

    const page = await openPage();
    await signUp(page, world.url, `typo${stamp}`);
    const box = page.getByRole('searchbox', { name: 'Search posts' });
    const results = page.getByRole('list', { name: 'Search results' });
    const hit = results.getByRole('link', { name: title });
    const deadline = Date.now() + 15_000;
    do {
      await box.fill('kubernetse rolout');
      await box.press('Enter');
      await hit.waitFor({ timeout: 1_000 }).catch(() => undefined);
    } while (!(await hit.isVisible()) && Date.now() < deadline);
    expect(await hit.isVisible()).toBe(true);
    const item = results.getByRole('listitem').filter({ hasText: title });
    const marked = await item.locator('mark').allTextContents();
    expect(marked.map((text) => text.toLowerCase())).toEqual(
      expect.arrayContaining(['kubernetes']),
    );
  });

  describe('on the main pages', () => {
    let postId: string;
    let channelId: string;
    let handle: string;
    let member: ApiClient;

    /** Each main page with what shows that it has loaded. */
    function mainPages(): { name: string; hash: string; ready: (page: Page) => Promise<void> }[] {
      const heading = (name: string | RegExp) => async (page: Page) => {
        await page.getByRole('heading', { level: 1, name }).first().waitFor();
      };
      return [
        {
          name: 'feed',
          hash: '#/',
          ready: async (page) => {
            await page.getByRole('list', { name: 'Feed' }).waitFor();
          },
        },
        { name: 'post', hash: `#/posts/${postId}`, ready: heading(/Ask in public/) },
        {
          name: 'search',
          hash: '#/search?q=public',
          ready: heading(/Results for/),
        },
        { name: 'new post', hash: '#/new', ready: heading('New post') },
        { name: 'channel', hash: `#/channels/${channelId}`, ready: heading('General') },
        { name: 'bookmarks', hash: '#/bookmarks', ready: heading('Bookmarks') },
        { name: 'channels', hash: '#/channels', ready: heading(/channels/i) },
        { name: 'profile', hash: `#/users/${handle}`, ready: heading(/Person/) },
        { name: 'experts', hash: '#/experts', ready: heading(/expert/i) },
        { name: 'notifications', hash: '#/notifications', ready: heading('Notifications') },
        {
          name: 'settings',
          hash: '#/settings',
          ready: heading('Settings'),
        },
      ];
    }

    async function signedInPage(viewport?: { width: number; height: number }): Promise<Page> {
      const page = await openPage(viewport);
      const [name, ...value] = member.cookie.split('=');
      if (!name || value.length === 0) throw new Error('no session cookie');
      await page.context().addCookies([{ name, value: value.join('='), url: world.url }]);
      return page;
    }

    beforeAll(async () => {
      member = new ApiClient(world.url);
      const user = await member.register();
      handle = user.handle;
      const post = await postInGeneral(member, {
        kind: 'question',
        title: 'Ask in public: where do runbooks live?',
        body: 'Looking for the **current** one.\n\n- wiki\n- repo',
        tags: ['runbooks'],
      });
      postId = post.id;
      channelId = post.channelId;
    });

    it('have no serious or critical accessibility violations', async () => {
      const found: string[] = [];
      const signedOut = await openPage();
      for (const hash of ['#/signup', '#/signin']) {
        await signedOut.goto(`${world.url}/${hash}`);
        await signedOut.getByLabel('Email').waitFor();
        for (const violation of await seriousA11yViolations(signedOut))
          found.push(`${hash} ${violation}`);
      }
      const page = await signedInPage();
      for (const { name, hash, ready } of mainPages()) {
        await page.goto(`${world.url}/${hash}`);
        await ready(page);
        for (const violation of await seriousA11yViolations(page))
          found.push(`${name}: ${violation}`);
      }
      // A dialog and a dropdown, open.
      await page.goto(`${world.url}/#/`);
      await page.getByRole('list', { name: 'Feed' }).waitFor();
      await page.getByRole('button', { name: /^Notifications/ }).click();
      await page.getByRole('link', { name: 'See all' }).waitFor();
      for (const violation of await seriousA11yViolations(page)) found.push(`bell: ${violation}`);
      expect(found).toEqual([]);
    });

    it('keep AA contrast in the dark theme too', async () => {
      const page = await signedInPage();
      await page.emulateMedia({ colorScheme: 'dark' });
      const found: string[] = [];
      for (const { name, hash, ready } of mainPages().slice(0, 3)) {
        await page.goto(`${world.url}/${hash}`);
        await ready(page);
        for (const violation of await seriousA11yViolations(page))
          found.push(`${name}: ${violation}`);
      }
      expect(found).toEqual([]);
    });

    it('open the channel list and the notifications on a phone', async () => {
      const page = await signedInPage({ width: 375, height: 812 });
      await page.goto(`${world.url}/#/`);
      await page.getByRole('list', { name: 'Feed' }).waitFor();
      const sidebar = page.getByRole('navigation', { name: 'Channels' });
      expect(await sidebar.isVisible()).toBe(false);
      await page.getByRole('button', { name: 'Channels' }).click();
      await sidebar.getByRole('link', { name: 'New post' }).click();
      await page.getByRole('heading', { level: 1, name: 'New post' }).waitFor();
      expect(await sidebar.isVisible()).toBe(false);
      expect(await scrollsSideways(page)).toBe(false);

      // The notifications panel fits on the screen.
      await page.getByRole('button', { name: /^Notifications/ }).click();
      const panel = page.getByRole('link', { name: 'See all' });
      await panel.waitFor();
      const box = await page.locator('[id$="-panel"]:not([hidden])').first().boundingBox();
      expect(box).not.toBeNull();
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(375);
      await page.screenshot({ path: join(shots, '375-bell.png') });
    });

    for (const viewport of [
      { width: 375, height: 812 },
      { width: 1280, height: 800 },
    ]) {
      it(`fit a ${viewport.width} px wide screen without sideways scrolling`, async () => {
        const page = await signedInPage(viewport);
        const wide: string[] = [];
        for (const { name, hash, ready } of mainPages()) {
          await page.goto(`${world.url}/${hash}`);
          await ready(page);
          await page.screenshot({
            path: join(shots, `${viewport.width}-${name.replace(/ /g, '-')}.png`),
            fullPage: true,
          });
          if (await scrollsSideways(page)) wide.push(name);
        }
        expect(wide).toEqual([]);
      });
    }
  });
});
