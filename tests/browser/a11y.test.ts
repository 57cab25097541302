import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, seriousA11yViolations } from '../support/browser.js';
import {
  openScreen,
  seedHostileWorld,
  signedInScreens,
  signedOutScreens,
  type HostileWorld,
} from '../support/hostile-world.js';
import { startTestStack, type TestStack } from '../support/stack.js';

/** The screens most people meet, by name in `signedInScreens`. */
const mainScreens = [
  'home',
  'channel',
  'post',
  'new post',
  'search',
  'profile',
  'notifications',
  'settings',
  'channels',
  'goals',
  'challenge',
  'admin people',
];

describe('accessibility in both languages and both themes', () => {
  let world: TestStack;
  let browser: Browser;
  let hostile: HostileWorld;

  beforeAll(async () => {
    world = await startTestStack({ buildWeb: true });
    browser = await launchChromium();
    hostile = await seedHostileWorld(world.url, world.stack.setupToken!);
  });

  afterAll(async () => {
    await browser?.close();
    await world?.[Symbol.asyncDispose]();
  });

  /** A page in `locale` and `colorScheme`, signed in as the admin or not. */
  async function openPage(
    locale: string,
    colorScheme: 'light' | 'dark',
    signedIn: boolean,
  ): Promise<Page> {
    const context = await browser.newContext({ locale, colorScheme });
    if (signedIn) {
      const [name, ...value] = hostile.admin.cookie.split('=');
      if (!name || value.length === 0) throw new Error('the admin holds no session cookie');
      await context.addCookies([{ name, value: value.join('='), url: world.url }]);
    }
    return context.newPage();
  }

  for (const locale of ['en-US', 'de-DE']) {
    for (const colorScheme of ['light', 'dark'] as const) {
      it(`finds no serious violations in ${locale}, ${colorScheme} theme`, async () => {
        const found: string[] = [];
        const signedOut = await openPage(locale, colorScheme, false);
        for (const screen of signedOutScreens) {
          await openScreen(signedOut, world.url, screen);
          for (const violation of await seriousA11yViolations(signedOut))
            found.push(`${screen.name}: ${violation}`);
        }
        const page = await openPage(locale, colorScheme, true);
        // The app speaks the browser's language when the profile names none.
        await page.goto(`${world.url}/#/`);
        await expect
          .poll(() => page.evaluate<string>('document.documentElement.lang'))
          .toBe(locale.slice(0, 2));
        const screens = signedInScreens(hostile).filter((screen) =>
          mainScreens.includes(screen.name),
        );
        for (const screen of screens) {
          await openScreen(page, world.url, screen);
          for (const violation of await seriousA11yViolations(page))
            found.push(`${screen.name}: ${violation}`);
        }
        expect(found).toEqual([]);
      }, 240_000);
    }
  }
});
