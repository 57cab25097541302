import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, scrollsSideways, signUp } from '../support/browser.js';
import { startTestStack, type TestStack } from '../support/stack.js';

/** On a first day, one post and one link here, so the caps show after a write or two. */
describe('first-day limits in the web app', () => {
  let world: TestStack;
  let browser: Browser;
  const pageErrors: string[] = [];

  async function openPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 360, height: 780 } });
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    return page;
  }

  beforeAll(async () => {
    world = await startTestStack({
      buildWeb: true,
      env: { NEWCOMER_HOURS: '24', NEWCOMER_POSTS: '1', NEWCOMER_LINKS: '1' },
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await world?.[Symbol.asyncDispose]();
  });

  it('explains the link and post caps in the composer, keeping what the newcomer wrote', async () => {
    const stamp = Date.now().toString(36);
    const page = await openPage();
    await signUp(page, world.url, `new${stamp}`);
    const composer = page.locator('form.composer');
    const title = composer.getByLabel('Title');
    const error = composer.getByRole('alert');

    await title.fill(`Two links I found useful ${stamp}`);
    const body = composer.getByLabel('Body');
    await body.fill('See https://docs.example/one and https://blog.example/two');
    await composer.getByRole('button', { name: 'Post' }).click();
    await error
      .getByText(
        /^New accounts can share only a few links on their first day, so spam cannot spread\. Remove a link, or try again in \d+ hours?\.$/,
      )
      .waitFor();
    // Nothing written is lost.
    expect(await title.inputValue()).toBe(`Two links I found useful ${stamp}`);
    expect(await scrollsSideways(page)).toBe(false);

    // One link is within the cap, and a refused write did not use up the day's post.
    await body.fill('See https://docs.example/one');
    await composer.getByRole('button', { name: 'Post' }).click();
    await page
      .getByRole('list', { name: 'Feed' })
      .getByRole('heading', { name: `Two links I found useful ${stamp}` })
      .waitFor();

    await title.fill(`A second tip on day one ${stamp}`);
    await composer.getByLabel('Body').fill('Write things down.');
    await composer.getByRole('button', { name: 'Post' }).click();
    await error
      .getByText(
        /^New accounts can post only a few times on their first day, so spam cannot spread\. You can post again in \d+ hours?\.$/,
      )
      .waitFor();
    expect(await title.inputValue()).toBe(`A second tip on day one ${stamp}`);
    expect(await scrollsSideways(page)).toBe(false);
    expect(pageErrors).toEqual([]);
    await page.context().close();
  });
});
