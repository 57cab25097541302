import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium, headless, with everything that would reach out to the internet switched off. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** Signs a new person up through the web app and waits until their feed has loaded. */
export async function signUp(page: Page, url: string, handle: string): Promise<void> {
  await page.goto(`${url}/#/signup`);
  await page.getByLabel('Email').fill(`${handle}@example.test`);
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByLabel('Display name').fill(`Person ${handle}`);
  await page.getByLabel('Handle').fill(handle);
  await page.getByRole('button', { name: 'Sign up' }).click();
  // Signed in and on the feed: the composer is there and the feed has loaded (maybe empty).
  await page.getByLabel('Title').waitFor();
  await page
    .getByRole('list', { name: 'Feed' })
    .or(page.getByText('No posts yet'))
    .first()
    .waitFor();
}

/** A violation axe-core reports, as far as the tests read it. */
export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

// axe-core is a dev dependency of the web app; resolve it from there. It is evaluated rather than
// added as a script tag, which the app's Content-Security-Policy would block.
const axeSource = readFileSync(
  createRequire(new URL('../../web/package.json', import.meta.url)).resolve('axe-core/axe.min.js'),
  'utf8',
);

/**
 * Runs axe-core in the page (WCAG 2 A/AA rules) and returns the serious and critical
 * violations, each as "rule: help (first elements)" for a readable failure message.
 */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  // Strings, evaluated in the page: these tests are typed without the DOM library.
  const violations = await page.evaluate<AxeViolation[]>(`axe
    .run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    })
    .then((result) => result.violations)`);
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id}: ${v.help} (${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(', ')})`,
    );
}

/** Whether the page scrolls sideways (content wider than the viewport). */
export async function scrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate<boolean>('document.documentElement.scrollWidth > window.innerWidth');
}

/**
 * Records what the page sends over its live connection (WebSocket frames, and polling requests
 * before the upgrade), so a test can wait until it has subscribed instead of sleeping. Call it
 * before the page opens its connection.
 */
export function recordLiveFrames(page: Page): string[] {
  const frames: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/socket.io/')) frames.push(request.postData() ?? '');
  });
  page.on('websocket', (socket) => {
    socket.on('framesent', ({ payload }) => frames.push(String(payload)));
  });
  return frames;
}

/** Whether the page follows `channelId` live now: its last (un)subscribe for it was a subscribe. */
export function subscribedToChannel(frames: readonly string[], channelId: string): boolean {
  const last = frames.findLast(
    (frame) =>
      frame.includes(channelId) &&
      (frame.includes('"channel:subscribe"') || frame.includes('"channel:unsubscribe"')),
  );
  return last?.includes('"channel:subscribe"') ?? false;
}
