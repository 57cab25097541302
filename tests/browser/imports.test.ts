import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Channel } from '@outloud/contracts';
import { randomWord } from '@outloud/testkit';
import { ApiClient } from '../support/api-client.js';
import { launchChromium, openSignedIn, seriousA11yViolations } from '../support/browser.js';
import { stackExchangeXml } from '../support/imports.js';
import { pageOverflow } from '../support/overflow.js';
import { startTestStack, type TestStack } from '../support/stack.js';

describe('importing a Stack Exchange dump in the web app', () => {
  let world: TestStack;
  let browser: Browser;
  let admin: ApiClient;
  let channel: Channel;
  const word = randomWord();
  const title = `Rolling back ${word} releases`;

  /** A page signed in as the admin, at `hash`, `width` px wide. */
  async function adminPage(hash: string, width = 1280): Promise<Page> {
    const page = await openSignedIn(browser, world.url, admin, { width });
    await page.goto(`${world.url}/${hash}`);
    return page;
  }

  beforeAll(async () => {
    // Builds the web app and starts every service: slow on a busy machine.
    world = await startTestStack({ buildWeb: true });
    browser = await launchChromium();
    admin = new ApiClient(world.url);
    await admin.setup(world.stack.setupToken!);
    const created = await admin.request<{ channel: Channel }>('POST', '/channels', {
      slug: `imported-${word}`.toLowerCase(),
      name: `Imported ${word}`,
      visibility: 'public',
    });
    expect(created.status).toBe(201);
    channel = created.body.channel;
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await world?.[Symbol.asyncDispose]();
  });

  it('imports the dump into a channel, with the progress reaching the end and its counts', async () => {
    const page = await adminPage('#/admin/import');
    await page.getByRole('heading', { level: 2, name: 'Import' }).waitFor();
    await page.getByText('No imports yet.').waitFor();
    await page.getByRole('radio', { name: /Stack Exchange/ }).check();

    // What is missing is said before anything is sent.
    await page.getByRole('button', { name: 'Start import' }).click();
    await page.getByText('Choose the channel the content goes to.').waitFor();
    await page.getByLabel('Channel for the content').selectOption(channel.id);
    await page.getByRole('button', { name: 'Start import' }).click();
    await page.getByText('Choose the file Posts.xml.').waitFor();

    await page.getByLabel('Posts.xml', { exact: true }).setInputFiles({
      name: 'posts-from-our-team.xml',
      mimeType: 'application/xml',
      buffer: Buffer.from(
        stackExchangeXml('posts', [
          {
            Id: 10,
            PostTypeId: 1,
            CreationDate: '2020-01-02T03:04:05.678',
            Score: 5,
            Body: `<p>How do I roll back a <code>${word}</code> release?</p>`,
            OwnerUserId: 1,
            Title: title,
            Tags: '<kubernetes>',
          },
          {
            Id: 11,
            PostTypeId: 2,
            ParentId: 10,
            CreationDate: '2020-01-02T04:00:00.000',
            Score: 2,
            Body: '<p>Try <em>helm rollback</em>.</p>',
            OwnerUserId: 2,
          },
          {
            Id: 12,
            PostTypeId: 1,
            CreationDate: '2021-05-06T07:08:09.000',
            Score: 0,
            Body: '<p>Which index suits a keyset page?</p>',
            OwnerUserId: 2,
            Title: `Keyset pages in ${word}`,
            Tags: '<postgres>',
          },
        ]),
      ),
    });
    await page.getByLabel('Users.xml', { exact: true }).setInputFiles({
      name: 'Users.xml',
      mimeType: 'application/xml',
      buffer: Buffer.from(
        stackExchangeXml('users', [
          { Id: 1, DisplayName: 'Ada Placeholder', EmailHash: 'abc123' },
          { Id: 2, DisplayName: 'Grace Placeholder', EmailHash: 'def456' },
        ]),
      ),
    });
    await page.getByRole('button', { name: 'Start import' }).click();

    const progress = page.getByRole('progressbar', { name: 'Import progress' });
    await progress.waitFor();
    const status = page.getByRole('status').filter({ hasText: 'Import finished.' });
    await status.waitFor({ timeout: 60_000 });
    await status.getByText('3 of 3 items: 3 created, 0 skipped, 0 errors').waitFor();
    expect(await progress.getAttribute('value')).toBe('3');
    expect(await progress.getAttribute('max')).toBe('3');
    const past = page.getByRole('region', { name: 'Past imports' });
    await past.getByText(/^Stack Exchange \/ Stack Overflow for Teams, .*: finished$/).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.goto(`${world.url}/#/channels/${channel.id}`);
    await page.getByRole('link', { name: title }).waitFor({ timeout: 30_000 });
  });

  it('fits a 360 px phone without sideways scrolling', async () => {
    const page = await adminPage('#/admin/import', 360);
    await page.getByRole('button', { name: 'Start import' }).waitFor();
    await page.getByRole('heading', { level: 3, name: 'Past imports' }).waitFor();
    const overflow = await pageOverflow(page);
    expect({ scrollWidth: overflow.scrollWidth, offenders: overflow.offenders }).toEqual({
      scrollWidth: overflow.innerWidth,
      offenders: [],
    });
    expect(await seriousA11yViolations(page)).toEqual([]);
  });
});
