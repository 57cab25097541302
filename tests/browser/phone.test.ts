import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser.js';
import {
  openScreen,
  seedHostileWorld,
  signedInScreens,
  signedOutScreens,
  type AppScreen,
  type HostileWorld,
} from '../support/hostile-world.js';
import { pageOverflow } from '../support/overflow.js';
import { startTestStack, type TestStack } from '../support/stack.js';

/** Where the phone screenshots go, for a person to look at. */
const shots = join(tmpdir(), 'outloud-shots', 'phone');

describe('the web app on a phone, with content written to break it', () => {
  let world: TestStack;
  let browser: Browser;
  let hostile: HostileWorld;

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    world = await startTestStack({ buildWeb: true });
    browser = await launchChromium();
    hostile = await seedHostileWorld(world.url, world.stack.setupToken!);
  });

  afterAll(async () => {
    await browser?.close();
    await world?.[Symbol.asyncDispose]();
  });

  async function phonePage(width: number, signedIn: boolean): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height: 800 } });
    if (signedIn) {
      const [name, ...value] = hostile.admin.cookie.split('=');
      if (!name || value.length === 0) throw new Error('the admin holds no session cookie');
      await context.addCookies([{ name, value: value.join('='), url: world.url }]);
    }
    return context.newPage();
  }

  /** Every screen in `screens`, each described by what leaves the screen (nothing, ideally). */
  async function overflowing(page: Page, width: number, screens: AppScreen[]): Promise<string[]> {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    const found: string[] = [];
    for (const screen of screens) {
      await openScreen(page, world.url, screen);
      await page.screenshot({
        path: join(shots, `${width}-${screen.name.replace(/ /g, '-')}.png`),
        fullPage: true,
      });
      const { innerWidth, scrollWidth, offenders } = await pageOverflow(page);
      if (scrollWidth > innerWidth) found.push(`${screen.name}: page is ${scrollWidth} px wide`);
      for (const offender of offenders) found.push(`${screen.name}: ${offender}`);
    }
    return [...found, ...errors.map((error) => `page error: ${error}`)];
  }

  for (const width of [360, 390]) {
    it(`keeps every signed-in screen inside a ${width} px wide phone`, async () => {
      const page = await phonePage(width, true);
      expect(await overflowing(page, width, signedInScreens(hostile))).toEqual([]);
    }, 240_000);

    it(`keeps the sign-in screens inside a ${width} px wide phone`, async () => {
      const page = await phonePage(width, false);
      expect(await overflowing(page, width, signedOutScreens)).toEqual([]);
    });
  }

  it('reaches the end of a wide code block by scrolling it, not the page', async () => {
    const page = await phonePage(360, true);
    await openScreen(page, world.url, signedInScreens(hostile)[2]!);
    const code = page.locator('main .prose pre').first();
    await code.waitFor();
    // The block scrolls by itself: wider content than its box, and its box inside the screen.
    const sizes = await page.evaluate<{ scrollWidth: number; clientWidth: number; right: number }>(
      `(() => {
        const pre = document.querySelector('main .prose pre');
        return { scrollWidth: pre.scrollWidth, clientWidth: pre.clientWidth,
          right: pre.getBoundingClientRect().right };
      })()`,
    );
    expect(sizes.scrollWidth).toBeGreaterThan(sizes.clientWidth);
    expect(sizes.right).toBeLessThanOrEqual(360);
    // A keyboard can reach it to scroll it.
    expect(await code.getAttribute('tabindex')).toBe('0');
  });
});
