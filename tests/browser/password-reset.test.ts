import { startMailCatcher, type MailCatcher } from '@outloud/testkit';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.js';
import { launchChromium } from '../support/browser.js';
import { startTestStack, type TestStack } from '../support/stack.js';

/** The link with the stack's own origin (links in emails name PUBLIC_URL, `localhost`). */
function onStack(link: string, stackUrl: string): string {
  const url = new URL(link);
  return `${stackUrl}${url.pathname}${url.search}${url.hash}`;
}

describe('forgotten password in the web app', () => {
  let world: TestStack;
  let browser: Browser;
  let catcher: MailCatcher;

  beforeAll(async () => {
    catcher = await startMailCatcher();
    world = await startTestStack({ buildWeb: true, env: { SMTP_URL: catcher.url } });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await world?.[Symbol.asyncDispose]();
    await catcher?.close();
  });

  it('mails a link that sets a new password, which then signs the person in', async () => {
    const client = new ApiClient(world.url);
    const person = await client.register();
    const email = person.email ?? `${person.handle}@example.test`;

    const page = await (
      await browser.newContext({ viewport: { width: 390, height: 844 } })
    ).newPage();
    await page.goto(`${world.url}/#/signin`);
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await page.getByText('a link to reset it is on its way').waitFor();

    const mail = await catcher.waitFor(
      (m) => m.to.includes(email.toLowerCase()) && /reset your password/.test(m.subject),
      30_000,
    );
    const link = catcher.linksIn(mail).find((l) => l.includes('#/reset-password?token='));
    expect(link).toBeDefined();

    await page.goto(onStack(link!, world.url));
    await page.getByLabel('New password', { exact: true }).fill('my fresh new password');
    await page.getByLabel('Repeat the new password').fill('my fresh new password');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.getByText('Your password is changed').waitFor();

    // The old password no longer works; the new one does, in the browser.
    const old = await new ApiClient(world.url).request('POST', '/auth/login', {
      email,
      password: 'correct horse battery',
    });
    expect(old.status).toBe(401);
    await page.getByRole('link', { name: 'Sign in with your new password' }).click();
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('my fresh new password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Title').waitFor();

    // The link worked once only.
    await page.goto(onStack(link!, world.url));
    await page.getByLabel('New password', { exact: true }).fill('yet another password');
    await page.getByLabel('Repeat the new password').fill('yet another password');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.getByText('already used or expired').waitFor();
  });
});
