import type { Channel, ChannelList, ExpertsResponse, Post } from '@outloud/contracts';
import { eventually } from '@outloud/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ApiClient } from '../support/api-client.js';
import {
  launchChromium,
  openSignedIn,
  scrollsSideways,
  seriousA11yViolations,
} from '../support/browser.js';
import { startTestStack, type TestStack } from '../support/stack.js';

/** A box as Playwright measures it. */
interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The accessible name (or else the text) of whatever has focus in the page. */
function focusedName(page: Page): Promise<string> {
  // A string, evaluated in the page: these tests are typed without the DOM library.
  return page.evaluate<string>(
    `(() => {
      const el = document.activeElement;
      return el === null ? '' : (el.getAttribute('aria-label') ?? el.textContent ?? '').trim();
    })()`,
  );
}

describe("a post's actions", () => {
  let world: TestStack;
  let browser: Browser;
  let author: ApiClient;
  let general: Channel;
  const pageErrors: string[] = [];

  const openAs = (client: ApiClient, width: number, locale = 'en-US'): Promise<Page> =>
    openSignedIn(browser, world.url, client, { width, locale, errors: pageErrors });

  async function newPost(title: string, tags: string[] = []): Promise<Post> {
    const created = await author.request<{ post: Post }>('POST', '/posts', {
      channelId: general.id,
      kind: 'tip',
      title,
      body: 'Lock the state file before every apply, and keep the lock table small.',
      tags,
    });
    expect(created.status).toBe(201);
    return created.body.post;
  }

  async function openPost(page: Page, post: Post): Promise<void> {
    await page.goto(`${world.url}/#/posts/${post.id}`);
    await page.getByRole('heading', { level: 1, name: post.title }).waitFor();
  }

  /** The boxes of every button in an action row (the post's, unless another is named). */
  async function actionRow(page: Page, row = 'article .post-actions'): Promise<Box[]> {
    const buttons = page.locator(`${row} button`);
    await buttons.first().waitFor();
    const boxes: Box[] = [];
    for (const button of await buttons.all()) {
      const box = await button.boundingBox();
      if (box === null) throw new Error('an action button is not on screen');
      boxes.push(box);
    }
    return boxes;
  }

  beforeAll(async () => {
    world = await startTestStack({ buildWeb: true });
    browser = await launchChromium();
    author = new ApiClient(world.url);
    await author.register({ displayName: 'Ada Lovelace' });
    general = (await author.request<ChannelList>('GET', '/channels')).body.items.find(
      (channel) => channel.slug === 'general',
    )!;
  });

  afterAll(async () => {
    await browser?.close();
    await world?.[Symbol.asyncDispose]();
  });

  it.each([360, 1280])(
    'keeps helpful, bookmark and the menu on one line at %i px',
    async (width) => {
      const post = await newPost(`Terraform state locking, explained at ${width} px`);
      const page = await openAs(author, width);
      await openPost(page, post);
      await page.getByRole('button', { name: 'More actions for this post' }).waitFor();
      const boxes = await actionRow(page);
      expect(boxes.length).toBe(3);
      const top = boxes[0]!.y;
      for (const box of boxes) {
        expect(Math.abs(box.y - top), 'every action button starts on the same line').toBeLessThan(
          2,
        );
        expect(box.x + box.width).toBeLessThanOrEqual(width);
      }
      // Left to right, none over another.
      for (let i = 1; i < boxes.length; i++) {
        expect(boxes[i]!.x).toBeGreaterThanOrEqual(boxes[i - 1]!.x + boxes[i - 1]!.width);
      }
      expect(await scrollsSideways(page)).toBe(false);
      await page.context().close();
    },
  );

  it("keeps an accepted answer's helpful, accept and menu on one line at 360 px in German", async () => {
    const question = (
      await author.request<{ post: Post }>('POST', '/posts', {
        channelId: general.id,
        kind: 'question',
        title: 'Where does the staging vault keep its unseal keys?',
        body: 'The runbook is silent about it.',
        tags: [],
      })
    ).body.post;
    const answer = await author.request<{ answer: { id: string } }>(
      'POST',
      `/posts/${question.id}/answers`,
      { body: 'In the ops password manager, under the staging folder.' },
    );
    await author.request('POST', `/answers/${answer.body.answer.id}/accept`);
    const page = await openAs(author, 360, 'de-DE');
    await openPost(page, question);
    const row = `#answer-${answer.body.answer.id} .answer-actions`;
    await page.locator(`${row} [aria-haspopup="menu"]`).waitFor();
    const boxes = await actionRow(page, row);
    // Helpful, the accepted toggle and the menu.
    expect(boxes.length).toBe(3);
    for (const box of boxes) {
      expect(Math.abs(box.y - boxes[0]!.y), 'every answer action is on one line').toBeLessThan(2);
      expect(box.x + box.width).toBeLessThanOrEqual(360);
    }
    expect(await scrollsSideways(page)).toBe(false);
    await page.context().close();
  });

  it('opens the menu from the keyboard, moves with the arrows and closes with Escape', async () => {
    const post = await newPost('Keyboard-only people use this menu too');
    const page = await openAs(author, 360);
    await openPost(page, post);
    const trigger = page.getByRole('button', { name: 'More actions for this post' });
    expect(await trigger.getAttribute('aria-haspopup')).toBe('menu');
    expect(await trigger.getAttribute('aria-expanded')).toBe('false');

    await trigger.focus();
    await page.keyboard.press('Enter');
    const menu = page.getByRole('menu');
    await menu.waitFor();
    expect(await trigger.getAttribute('aria-expanded')).toBe('true');
    // The author's own post: history, add as evidence, edit, delete.
    expect(await menu.getByRole('menuitem').allInnerTexts()).toEqual([
      'Show history',
      'Add as evidence',
      'Edit post',
      'Delete post',
    ]);
    expect(await focusedName(page)).toBe('Show history');
    await page.keyboard.press('ArrowDown');
    expect(await focusedName(page)).toBe('Add as evidence');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    expect(await focusedName(page), 'ArrowUp wraps to the last item').toBe('Delete post');
    await page.keyboard.press('Home');
    expect(await focusedName(page)).toBe('Show history');
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'hidden' });
    expect(await trigger.getAttribute('aria-expanded')).toBe('false');
    expect(await focusedName(page), 'focus is back on the menu button').toBe(
      'More actions for this post',
    );

    // A click outside closes it too.
    await trigger.click();
    await menu.waitFor();
    await page.getByRole('heading', { level: 1 }).click();
    await menu.waitFor({ state: 'hidden' });

    // History opens from the menu (ArrowUp opens on the last item; Home goes to the first).
    await trigger.focus();
    await page.keyboard.press('ArrowUp');
    expect(await focusedName(page)).toBe('Delete post');
    await page.keyboard.press('Home');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'History' }).waitFor();
    expect(pageErrors).toEqual([]);
    await page.context().close();
  });

  it('edits and deletes the post from the menu', async () => {
    const post = await newPost('Draft title that needs a fix');
    const page = await openAs(author, 360);
    await openPost(page, post);
    const trigger = page.getByRole('button', { name: 'More actions for this post' });

    await trigger.focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowUp');
    expect(await focusedName(page)).toBe('Edit post');
    await page.keyboard.press('Enter');
    const form = page.getByRole('form', { name: 'Edit post' });
    await form.waitFor();
    await form.getByLabel('Title').fill('Fixed title, saved from the menu');
    await form.getByRole('button', { name: 'Save changes' }).click();
    await page
      .getByRole('heading', { level: 1, name: 'Fixed title, saved from the menu' })
      .waitFor();
    // The title shows as soon as the post is saved; focus moves back once the form is gone.
    await expect
      .poll(() => focusedName(page), { message: 'focus returns to the menu button' })
      .toBe('More actions for this post');

    await trigger.click();
    await page.getByRole('menuitem', { name: 'Delete post' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete this post?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await page.waitForURL((url) => !url.hash.startsWith('#/posts/'));
    const gone = await author.request('GET', `/posts/${post.id}`);
    expect(gone.status).toBe(404);
    expect(pageErrors).toEqual([]);
    await page.context().close();
  });

  it("lists an expert's sample posts by title, linking to them", async () => {
    const tag = `tfstate${Date.now().toString(36)}`;
    const post = await newPost('Lock your Terraform state before applying', [tag]);
    await eventually(
      async () => {
        const found = await author.request<ExpertsResponse>('GET', `/experts?topic=${tag}`);
        return found.body.items[0]?.evidence.samplePosts.length ? true : undefined;
      },
      { what: 'the tip to count as expertise' },
    );
    const page = await openAs(author, 360);
    await page.goto(`${world.url}/#/experts?topic=${tag}`);
    const samples = page.getByRole('list', { name: 'Posts by Ada Lovelace' });
    const link = samples.getByRole('link', { name: 'Lock your Terraform state before applying' });
    await link.waitFor();
    expect(await link.getAttribute('href')).toBe(`#/posts/${post.id}`);
    await expectNoSampleNumbers(page);
    expect(await scrollsSideways(page)).toBe(false);
    await link.click();
    await page.getByRole('heading', { level: 1, name: post.title }).waitFor();
    expect(pageErrors).toEqual([]);
    await page.context().close();
  });
});

/** The old placeholder names ("Sample post 1") are gone for good. */
async function expectNoSampleNumbers(page: Page): Promise<void> {
  expect(await page.locator('body').innerText()).not.toMatch(/Sample post \d/);
}
