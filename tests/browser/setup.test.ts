import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { startTestStack, type TestStack } from '../support/stack.js';

describe('the first admin in the web app', () => {
  let world: TestStack;
  let browser: Browser;

  beforeAll(async () => {
    world = await startTestStack({ buildWeb: true });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await world?.[Symbol.asyncDispose]();
  });

  it('comes from the setup link printed at start, which works once', async () => {
    expect(world.stack.setupLink).toMatch(/#\/setup\?token=/);
    const url = new URL(world.stack.setupLink!);
    const link = `${world.url}/${url.hash}`;

    const page = await (
      await browser.newContext({ viewport: { width: 390, height: 844 } })
    ).newPage();
    await page.goto(link);
    await page.getByRole('heading', { name: 'Set up Outloud' }).waitFor();
    await page.getByLabel('Email').fill('founder@example.test');
    await page.getByLabel('Display name').fill('Founder');
    await page.getByLabel('Handle').fill('founder');
    await page.getByLabel('Password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Create admin account' }).click();
    await page.getByLabel('Title').waitFor();

    await page.goto(`${world.url}/#/admin/outbox`);
    await page.getByRole('heading', { name: 'Administration' }).waitFor();
    await page.getByText('No mail server is configured').waitFor();
    expect(await page.getByText('Only admins can open').count()).toBe(0);

    // A second person opening the same link cannot become admin.
    const other = await (await browser.newContext()).newPage();
    await other.goto(link);
    await other.getByLabel('Email').fill('second@example.test');
    await other.getByLabel('Display name').fill('Second');
    await other.getByLabel('Handle').fill('second');
    await other.getByLabel('Password').fill('correct horse battery');
    await other.getByRole('button', { name: 'Create admin account' }).click();
    await other.getByText('Already set up?').waitFor();
  });
});
