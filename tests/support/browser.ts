import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type Locator,
  type Page,
} from 'playwright-core';

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

/** Gives a browser context the session of someone registered through the API. */
export async function addSessionCookie(
  context: BrowserContext,
  url: string,
  client: { cookie: string },
): Promise<void> {
  const [name, ...value] = client.cookie.split('=');
  if (!name || value.length === 0) throw new Error('the API client holds no session cookie');
  await context.addCookies([{ name, value: value.join('='), url }]);
}

/**
 * A page in a new browser context, signed in with an API client's session; its uncaught errors
 * go to `errors` when given.
 */
export async function openSignedIn(
  browser: Browser,
  url: string,
  client: { cookie: string },
  options: { width?: number; height?: number; locale?: string; errors?: string[] } = {},
): Promise<Page> {
  const context = await browser.newContext({
    ...(options.width === undefined
      ? {}
      : { viewport: { width: options.width, height: options.height ?? 800 } }),
    ...(options.locale === undefined ? {} : { locale: options.locale }),
  });
  await addSessionCookie(context, url, client);
  const page = await context.newPage();
  const errors = options.errors;
  if (errors) page.on('pageerror', (error) => errors.push(String(error)));
  return page;
}

/**
 * Reloads the page until `target` shows: content made on the server after the page loaded (an
 * event's projection, a sweep's notification) that the page has no live update for.
 */
export async function reloadUntilShown(
  page: Page,
  target: Locator,
  what: string,
  reloads = 10,
): Promise<void> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      await target.waitFor({ timeout: 2_000 });
      return;
    } catch (error) {
      if (attempt >= reloads) throw new Error(`${what} never showed`, { cause: error });
      await page.reload();
    }
  }
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
 * Records what passes over the page's live connection both ways (WebSocket frames, and polling
 * requests and responses before the upgrade: under load the first subscriptions and their
 * confirmations can travel by polling), so a test can wait until it has subscribed instead of
 * sleeping. Call it before the page opens its connection.
 */
export function recordLiveFrames(page: Page): string[] {
  const frames: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/socket.io/')) frames.push(request.postData() ?? '');
  });
  page.on('response', (response) => {
    if (!response.url().includes('/socket.io/')) return;
    // A response whose page has gone away has no body to read; it cannot matter then.
    response.text().then(
      (text) => frames.push(text),
      () => undefined,
    );
  });
  page.on('websocket', (socket) => {
    socket.on('framesent', ({ payload }) => frames.push(String(payload)));
    socket.on('framereceived', ({ payload }) => frames.push(String(payload)));
  });
  return frames;
}

/**
 * Whether the page follows `channelId` live now: after its last subscribe or unsubscribe for it,
 * the server confirmed joining the room (so a post made now reaches the page).
 */
export function subscribedToChannel(frames: readonly string[], channelId: string): boolean {
  const last = frames.findLast(
    (frame) =>
      frame.includes(channelId) &&
      ['"channel:subscribe"', '"channel:unsubscribe"', '"channel:subscribed"'].some((event) =>
        frame.includes(event),
      ),
  );
  return last?.includes('"channel:subscribed"') ?? false;
}
