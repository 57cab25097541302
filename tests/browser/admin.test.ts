import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ApiClient } from '../support/api-client.js';
import { launchChromium, openSignedIn } from '../support/browser.js';
import { startTestStack, type TestStack } from '../support/stack.js';

describe('roles in the web app', () => {
  let world: TestStack;
  let browser: Browser;
  let admin: ApiClient;

  /** A page signed in with the session of someone registered through the API. */
  async function signedIn(client: ApiClient): Promise<Page> {
    const page = await openSignedIn(browser, world.url, client);
    await page.goto(`${world.url}/#/`);
    await page.getByLabel('Title').waitFor();
    return page;
  }

  beforeAll(async () => {
    world = await startTestStack({ buildWeb: true });
    browser = await launchChromium();
    // The first admin comes from the one-time setup link the stack printed.
    admin = new ApiClient(world.url);
    const user = await admin.setup(world.stack.setupToken!);
    expect(user.roles).toContain('admin');
  });

  afterAll(async () => {
    await browser?.close();
    await world?.[Symbol.asyncDispose]();
  });

  it('lets an admin make someone L&D staff, who can then post announcements', async () => {
    const member = new ApiClient(world.url);
    const person = await member.register();
    const memberPage = await signedIn(member);
    // The home composer opens from its one-line title field.
    await memberPage.getByLabel('Title').click();
    await memberPage.getByRole('radio', { name: 'Tip' }).waitFor();
    expect(await memberPage.getByRole('radio', { name: 'Announcement' }).count()).toBe(0);

    const page = await signedIn(admin);
    await page.getByRole('button', { name: /^Account menu/ }).click();
    await page.getByRole('link', { name: 'Administration' }).click();
    await page.getByRole('heading', { level: 1, name: 'Administration' }).waitFor();
    await page.getByLabel('Find a person').fill(person.handle);
    const row = page
      .getByRole('list', { name: 'People' })
      .getByRole('listitem')
      .filter({
        hasText: `@${person.handle}`,
      });
    await row.getByRole('checkbox', { name: 'L&D' }).check();
    await row.getByRole('button', { name: 'Save roles' }).click();
    await row.getByText('Saved.').waitFor();

    await memberPage.reload();
    await memberPage.getByLabel('Title').click();
    await memberPage.getByRole('radio', { name: 'Announcement' }).waitFor();
  });

  it('suspends someone with a reason, signs them out, and shows it in the audit log', async () => {
    const member = new ApiClient(world.url);
    const person = await member.register();
    const memberPage = await signedIn(member);

    const page = await signedIn(admin);
    await page.goto(`${world.url}/#/admin`);
    await page.getByLabel('Find a person').fill(person.handle);
    const row = page
      .getByRole('list', { name: 'People' })
      .getByRole('listitem')
      .filter({ hasText: `@${person.handle}` });
    await row.getByRole('button', { name: `Suspend ${person.displayName}` }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Reason (kept in the audit log)').fill('Posting spam links');
    await dialog.getByRole('button', { name: 'Suspend' }).click();
    await row.getByText(/Suspended/).waitFor();

    // Their open page is signed out at once.
    await memberPage.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();

    await page.goto(`${world.url}/#/admin/audit`);
    const entry = page.getByRole('row').filter({ hasText: person.handle });
    await entry.filter({ hasText: 'Posting spam links' }).first().waitFor();
  });

  it('keeps the roles page to admins', async () => {
    const member = new ApiClient(world.url);
    await member.register();
    const page = await signedIn(member);
    await page.getByRole('button', { name: /^Account menu/ }).click();
    expect(await page.getByRole('link', { name: 'Administration' }).count()).toBe(0);
    await page.goto(`${world.url}/#/admin`);
    await page.getByText('Only admins can open the administration pages.').waitFor();
  });
});
