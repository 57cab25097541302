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
