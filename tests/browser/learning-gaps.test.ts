import type { Challenge, Channel, ChannelList } from '@outloud/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { ApiClient } from '../support/api-client.js';
import { launchChromium, signUp } from '../support/browser.js';
import { startTestStack, type TestStack } from '../support/stack.js';
import { checkInDayOne } from '../support/challenge-page.js';

const isoDate = (offsetDays: number) =>
  new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The first line box of the words after `checkbox` in its label: the words' own box, not the
 * label's, which may hold the checkbox too.
 */
async function wordsAfter(page: Page, checkbox: Locator): Promise<Rect | null> {
  await checkbox.evaluate((input: { setAttribute(name: string, value: string): void }) =>
    input.setAttribute('data-measure-label', ''),
  );
  // A string, evaluated in the page: these tests are typed without the DOM library.
  return page.evaluate<Rect | null>(`(() => {
    const input = document.querySelector('[data-measure-label]');
    input.removeAttribute('data-measure-label');
    const label = input.closest('label');
    if (label === null) return null;
    const range = document.createRange();
    range.setStartAfter(input);
    range.setEnd(label, label.childNodes.length);
    const first = [...range.getClientRects()].find((rect) => rect.width > 0 && rect.height > 0);
    return first ? { x: first.x, y: first.y, width: first.width, height: first.height } : null;
  })()`);
}

/** The checkbox named `name` sits on the line of its label's words, right before them. */
async function expectBesideItsLabel(page: Page, name: string | RegExp): Promise<void> {
  const checkbox = page.getByRole('checkbox', { name }).first();
  const box = await checkbox.boundingBox();
  const words = await wordsAfter(page, checkbox);
  expect(box).not.toBeNull();
  expect(words).not.toBeNull();
  const boxMiddle = box!.y + box!.height / 2;
  expect(boxMiddle).toBeGreaterThan(words!.y);
  expect(boxMiddle).toBeLessThan(words!.y + words!.height);
  const gap = words!.x - (box!.x + box!.width);
  expect(gap).toBeGreaterThanOrEqual(0);
  expect(gap).toBeLessThan(16);
}

async function confirmIn(page: Page, button: string): Promise<void> {
  await page.getByRole('dialog').getByRole('button', { name: button, exact: true }).click();
  await page.getByRole('dialog').waitFor({ state: 'hidden' });
}

describe('learning and settings gaps', () => {
  let world: TestStack;
  let browser: Browser;
  let admin: ApiClient;
  let general: Channel;
  const pageErrors: string[] = [];

  async function signedInPage(prefix: string): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    page.on('pageerror', (error) => pageErrors.push(`${prefix}: ${String(error)}`));
    await signUp(page, world.url, `${prefix}${Date.now().toString(36)}`);
    return page;
  }

  beforeAll(async () => {
    world = await startTestStack({ buildWeb: true });
    browser = await launchChromium();
    admin = new ApiClient(world.url);
    await admin.setup(world.stack.setupToken!);
    const channels = await admin.request<ChannelList>('GET', '/channels');
    general = channels.body.items.find((c) => c.slug === 'general')!;
  });
  afterAll(async () => {
    await browser?.close();
    await world?.[Symbol.asyncDispose]();
  });

  it('shows checkboxes beside their labels on the notifications page and the learning forms', async () => {
    const page = await signedInPage('boxes');
    await page.goto(`${world.url}/#/notifications`);
    await expectBesideItsLabel(page, 'Unread only');
    await page.goto(`${world.url}/#/goals`);
    // Measure once the goals have loaded: their empty note shifts the forms below it.
    await page.getByText('No goals yet. Set one above.').waitFor();
    await expectBesideItsLabel(page, 'Track it from what I share');
    await expectBesideItsLabel(page, 'Work out loud: share it in a channel');
    expect(pageErrors).toEqual([]);
  });

  it('shows the checkboxes of the settings, the Markdown editor and administration beside their labels', async () => {
    const page = await signedInPage('moreboxes');
    await page.goto(`${world.url}/#/settings`);
    await expectBesideItsLabel(page, /^Mentions/);
    await expectBesideItsLabel(page, /^Daily digest/);
    await page.goto(`${world.url}/#/new`);
    await expectBesideItsLabel(page, 'Preview');

    const adminPage = await (await browser.newContext()).newPage();
    adminPage.on('pageerror', (error) => pageErrors.push(`admin: ${String(error)}`));
    const [name, ...value] = admin.cookie.split('=');
    await adminPage.context().addCookies([{ name: name!, value: value.join('='), url: world.url }]);
    await adminPage.goto(`${world.url}/#/admin/signup`);
    await expectBesideItsLabel(adminPage, 'People may sign in with a password');
    await adminPage.goto(`${world.url}/#/admin/invitations`);
    await expectBesideItsLabel(adminPage, 'Moderator');
    await adminPage.goto(`${world.url}/#/admin`);
    await expectBesideItsLabel(adminPage, 'Moderator');
    expect(pageErrors).toEqual([]);
  });

  it('revokes an API token after a confirmation', async () => {
    const page = await signedInPage('tokens');
    await page.goto(`${world.url}/#/settings`);
    await page.getByLabel('Token name').fill('Build server');
    await page.getByRole('button', { name: 'Create token' }).click();
    const list = page.getByRole('list', { name: 'Your API tokens' });
    await list.getByRole('button', { name: 'Revoke Build server' }).click();
    await confirmIn(page, 'Revoke token');
    await page.getByText('You have no API tokens.').waitFor();
    expect(pageErrors).toEqual([]);
  });

  it('removes evidence from a goal and deletes a log entry, each after a confirmation', async () => {
    const page = await signedInPage('evidence');
    await page.goto(`${world.url}/#/goals`);
    await page.getByLabel('Goal', { exact: true }).fill('Learn to write runbooks');
    await page.getByRole('button', { name: 'Set goal' }).click();
    const goal: Locator = page.getByRole('article', { name: 'Goal: Learn to write runbooks' });
    await goal.getByRole('textbox', { name: 'Link' }).fill('https://example.test/runbooks');
    await goal.getByRole('textbox', { name: 'Title' }).fill('Runbook course');
    await goal.getByRole('button', { name: 'Add link' }).click();
    await goal.getByRole('link', { name: 'Runbook course' }).waitFor();
    await goal.getByRole('button', { name: 'Remove evidence “Runbook course”' }).click();
    await confirmIn(page, 'Remove evidence');
    await goal.getByRole('link', { name: 'Runbook course' }).waitFor({ state: 'detached' });
    // Gone on the server too: the page's refresh does not bring it back.
    await page.reload();
    await page.getByRole('article', { name: 'Goal: Learn to write runbooks' }).waitFor();
    expect(await page.getByRole('link', { name: 'Runbook course' }).count()).toBe(0);

    await page.getByLabel('What I learned today').fill('Runbooks start with the symptom.');
    await page.getByRole('button', { name: 'Add to my log' }).click();
    const log = page.getByRole('list', { name: 'Progress log' });
    await log.getByText('Runbooks start with the symptom.').waitFor();
    await log.getByRole('button', { name: /^Delete entry \(/ }).click();
    await confirmIn(page, 'Delete entry');
    await page.getByText('No log entries yet.').waitFor();
    await page.reload();
    await page.getByText('No log entries yet.').waitFor();
    expect(pageErrors).toEqual([]);
  });

  it('shows the streak in the learning pages, then leaves the challenge', async () => {
    const lead = new ApiClient(world.url);
    await lead.register();
    await admin.request('PATCH', `/admin/users/${lead.user!.id}`, { roles: ['member', 'ld'] });
    const created = await lead.request<{ challenge: Challenge }>('POST', '/challenges', {
      channelId: general.id,
      title: 'A week of small docs',
      startDate: isoDate(0),
      timeZone: 'UTC',
      prompts: ['Fix one typo', 'Document one flag', 'Draw one diagram'],
    });
    expect(created.status).toBe(201);

    const page = await signedInPage('streak');
    await page.goto(`${world.url}/#/challenges/${created.body.challenge.id}`);
    const cohortNote = page.getByText(/^Daily counts appear once 5 people take part/);
    await expect.poll(() => cohortNote.innerText()).toContain('(0 so far)');
    await page.getByRole('button', { name: 'Join challenge' }).click();
    // The head count and the cohort note agree at once, without a reload.
    await page.getByText('· 1 taking part').waitFor();
    await expect.poll(() => cohortNote.innerText()).toContain('(1 so far)');
    await checkInDayOne(page, 'Fix one typo', 'Fixed "recieve" in the README.');

    await page.goto(`${world.url}/#/goals`);
    const onGoals = page.getByRole('main').getByTestId('streak-badge');
    await expect.poll(() => onGoals.innerText()).toContain('1 day streak');
    // The sidebar reads the streak when it appears: after a reload it has the new one.
    await page.goto(`${world.url}/#/challenges`);
    await page.reload();
    await page
      .getByRole('list', { name: 'Learning' })
      .getByRole('img', { name: 'Your current challenge streak: 1 day' })
      .waitFor();

    await page.goto(`${world.url}/#/challenges/${created.body.challenge.id}`);
    await page.getByRole('button', { name: 'Leave challenge' }).click();
    await confirmIn(page, 'Leave challenge');
    await page.getByText('You left the challenge.').waitFor();
    await page.getByRole('button', { name: 'Join challenge' }).waitFor();
    await expect.poll(() => cohortNote.innerText()).toContain('(0 so far)');
    await page.reload();
    await page.getByRole('button', { name: 'Join challenge' }).waitFor();
    expect(pageErrors).toEqual([]);
  });
});
