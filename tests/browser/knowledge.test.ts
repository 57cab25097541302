import type { Answer, Channel, ChannelList, Post } from '@outloud/contracts';
import { randomLetters } from '@outloud/testkit';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.js';
import {
  launchChromium,
  openSignedIn,
  reloadUntilShown,
  scrollsSideways,
  seriousA11yViolations,
} from '../support/browser.js';
import { startTestStack, type TestStack } from '../support/stack.js';

describe('knowledge that stays trustworthy, in the web app', () => {
  let world: TestStack;
  let browser: Browser;
  let admin: ApiClient;
  let general: Channel;
  const pageErrors: string[] = [];

  const registered = (displayName?: string): Promise<ApiClient> =>
    ApiClient.registered(world.url, displayName === undefined ? {} : { displayName });

  const openAs = (client: ApiClient, width = 1280): Promise<Page> =>
    openSignedIn(browser, world.url, client, { width, errors: pageErrors });

  async function openPost(page: Page, target: Post): Promise<void> {
    await page.goto(`${world.url}/#/posts/${target.id}`);
    await page.getByRole('heading', { level: 1, name: target.title }).waitFor();
  }

  beforeAll(async () => {
    world = await startTestStack({ buildWeb: true });
    browser = await launchChromium();
    admin = new ApiClient(world.url);
    await admin.setup(world.stack.setupToken!);
    general = (await admin.request<ChannelList>('GET', '/channels')).body.items.find(
      (channel) => channel.slug === 'general',
    )!;
  });

  afterAll(async () => {
    await browser?.close();
    await world?.[Symbol.asyncDispose]();
  });

  it('lets the asker close their question as a duplicate through the picker, on a phone', async () => {
    const stamp = randomLetters();
    const original = await admin.post(general.id, {
      kind: 'question',
      title: `How do I rotate the ${stamp} signing key?`,
      body: 'The old key expires next week.',
    });
    const asker = await registered();
    const duplicate = await asker.post(general.id, {
      kind: 'question',
      title: `Rotating the ${stamp} key`,
      body: 'Is there a runbook?',
    });

    const page = await openAs(asker, 360);
    await openPost(page, duplicate);
    await page.getByLabel('Your answer').waitFor();
    await page.getByRole('button', { name: 'More actions for this post' }).click();
    await page.getByRole('menuitem', { name: 'Close as duplicate' }).click();
    const dialog = page.getByRole('dialog', { name: 'Close as a duplicate' });
    const search = dialog.getByLabel('Find the original question');
    const choice = dialog.getByRole('radio', { name: new RegExp(`rotate the ${stamp} signing`) });
    // The original reaches search through the event pipeline: type again until it is found.
    for (let attempt = 0; ; attempt += 1) {
      await search.fill('');
      await search.fill(`${stamp} signing`);
      try {
        await choice.waitFor({ timeout: 2_000 });
        break;
      } catch (error) {
        if (attempt >= 10) throw new Error('the original was never offered', { cause: error });
      }
    }
    // The question itself is never offered as its own original.
    expect(await dialog.getByRole('radio', { name: duplicate.title }).count()).toBe(0);
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(await scrollsSideways(page)).toBe(false);
    await choice.check();
    await dialog.getByRole('button', { name: 'Close as duplicate' }).click();
    await dialog.waitFor({ state: 'hidden' });

    const notice = page.getByRole('note').filter({ hasText: 'Closed as a duplicate' });
    await notice.waitFor();
    expect(await notice.getByRole('link', { name: original.title }).getAttribute('href')).toBe(
      `#/posts/${original.id}`,
    );
    await page.getByRole('link', { name: 'Answer on the original' }).waitFor();
    expect(await page.getByLabel('Your answer').count()).toBe(0);
    expect(await scrollsSideways(page)).toBe(false);

    // Reloaded, the thread still points there; the menu no longer offers closing it.
    await page.reload();
    await notice.waitFor();
    expect(await page.getByLabel('Your answer').count()).toBe(0);
    await page.getByRole('button', { name: 'More actions for this post' }).click();
    expect(await page.getByRole('menuitem', { name: 'Close as duplicate' }).count()).toBe(0);
    await page.context().close();
  });

  it("lets a tip's author confirm one tip as still true and mark another outdated", async () => {
    const author = await registered();
    const stamp = randomLetters();
    const current = await author.post(general.id, {
      kind: 'tip',
      title: `Use the ${stamp} staging cluster for load tests`,
      body: 'It is sized like production.',
    });
    const stale = await author.post(general.id, {
      kind: 'tip',
      title: `Deploy ${stamp} with the old Jenkins job`,
      body: 'Run the nightly job by hand.',
    });
    const page = await openAs(author);

    await openPost(page, current);
    const panel = page.getByRole('region', { name: 'Keeping it true' });
    await panel.getByText('You keep this up to date.').waitFor();
    await panel.getByText(/^Next review on /).waitFor();
    await panel.getByRole('button', { name: 'Review now' }).click();
    await panel.getByText('Choose when to ask again').click();
    const nextYear = new Date().getFullYear() + 1;
    await panel.getByLabel('Ask again on').fill(`${nextYear}-03-15`);
    await panel.getByRole('button', { name: 'Still true' }).click();
    await panel.getByText('Thanks: confirmed as still true.').waitFor();
    await panel.getByText(`Next review on Mar 15, ${nextYear}.`).waitFor();
    // The button used is gone with the review: focus stays in the panel, on its heading.
    await expect
      .poll(() => page.evaluate<string>("document.activeElement?.textContent?.trim() ?? ''"))
      .toBe('Keeping it true');
    const confirmed = await author.request<{ post: Post }>('GET', `/posts/${current.id}`);
    expect(confirmed.body.post.outdated ?? false).toBe(false);
    expect(new Date(confirmed.body.post.reviewDueAt!).getFullYear()).toBe(nextYear);

    await openPost(page, stale);
    await page.getByRole('button', { name: 'Review now' }).click();
    await page.getByRole('button', { name: 'Outdated', exact: true }).click();
    await page.getByRole('region', { name: 'Marked outdated' }).waitFor();
    await page
      .getByRole('note')
      .filter({ hasText: 'Its owner marked this as no longer true.' })
      .waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);

    // The mark on the card in the channel's feed, on the outdated tip only.
    await page.goto(`${world.url}/#/channels/${general.id}`);
    const staleCard = page.getByRole('article').filter({ hasText: stale.title });
    const currentCard = page.getByRole('article').filter({ hasText: current.title });
    await staleCard.getByText('Outdated', { exact: true }).waitFor();
    await currentCard.waitFor();
    expect(await currentCard.getByText('Outdated', { exact: true }).count()).toBe(0);

    // And in search, once the change has reached it.
    await page.goto(`${world.url}/#/search?q=${stamp}`);
    const staleHit = page.getByRole('listitem').filter({ hasText: stale.title });
    await reloadUntilShown(
      page,
      staleHit.getByText('Outdated', { exact: true }),
      'the outdated mark in search',
    );
    const currentHit = page.getByRole('listitem').filter({ hasText: current.title });
    await currentHit.waitFor();
    expect(await currentHit.getByText('Outdated', { exact: true }).count()).toBe(0);
    await page.context().close();
  });

  it("shows an edited answer's earlier versions in the thread", async () => {
    const asker = await registered();
    const answerer = await registered();
    const question = await asker.post(general.id, {
      kind: 'question',
      title: `Which port does the ${randomLetters()} metrics agent use?`,
      body: 'The firewall request needs it.',
    });
    const answered = await answerer.request<{ answer: Answer }>(
      'POST',
      `/posts/${question.id}/answers`,
      { body: 'Port 9100, like every node exporter.' },
    );
    expect(answered.status).toBe(201);
    const edited = await answerer.request('PATCH', `/answers/${answered.body.answer.id}`, {
      body: 'Port 9273: the agent is Telegraf, not the node exporter.',
    });
    expect(edited.status).toBe(200);

    const page = await openAs(asker);
    await openPost(page, question);
    const item = page.locator(`#answer-${answered.body.answer.id}`);
    await item.getByText('Port 9273: the agent is Telegraf').waitFor();
    const toggle = item.getByRole('button', { name: '(edited)' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.click();
    const history = item.getByRole('region', { name: 'Earlier versions' });
    await history.getByText('Port 9100, like every node exporter.').waitFor();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    // A reader who did not write it cannot remove versions.
    expect(await history.getByRole('button', { name: 'Remove from history' }).count()).toBe(0);
    await toggle.click();
    await history.waitFor({ state: 'detached' });
    await page.context().close();

    // Its author removes the earlier version: the text is gone, the history says who removed it.
    const own = await openAs(answerer, 360);
    await openPost(own, question);
    const ownItem = own.locator(`#answer-${answered.body.answer.id}`);
    await ownItem.getByRole('button', { name: '(edited)' }).click();
    const ownHistory = ownItem.getByRole('region', { name: 'Earlier versions' });
    await ownHistory.getByRole('button', { name: 'Remove from history' }).click();
    const confirm = own.getByRole('dialog', { name: 'Remove this version from the history?' });
    await confirm.getByRole('button', { name: 'Remove from history' }).click();
    await confirm.waitFor({ state: 'hidden' });
    const removed = ownHistory.getByText(/^This version was removed from the history by /);
    await removed.waitFor();
    expect(await ownHistory.getByText('Port 9100, like every node exporter.').count()).toBe(0);
    // Focus moves to the note that took the removed version's place.
    await expect
      .poll(() => own.evaluate<string>("document.activeElement?.textContent?.trim() ?? ''"))
      .toMatch(/^This version was removed from the history by /);
    expect(await scrollsSideways(own)).toBe(false);
    const reread = await asker.request<{ items: { redacted?: boolean; body: string }[] }>(
      'GET',
      `/answers/${answered.body.answer.id}/revisions`,
    );
    expect(reread.body.items[0]).toMatchObject({ redacted: true, body: '' });
    await own.context().close();
  });

  it('shows an L&D person the freshness report and the routing figures on the insights page', async () => {
    const lead = await registered();
    const granted = await admin.request('PATCH', `/admin/users/${lead.user!.id}`, {
      roles: ['member', 'ld'],
    });
    expect(granted.status).toBe(200);
    // Reviewed content in the general channel: a tip.
    await admin.post(general.id, {
      kind: 'tip',
      title: `Book the ${randomLetters()} meeting room a week ahead`,
      body: 'It is always full.',
    });

    const page = await openAs(lead, 360);
    await page.goto(`${world.url}/#/insights`);
    await page.getByRole('heading', { level: 1, name: 'Team insights' }).waitFor();
    const freshness = page.getByRole('region', { name: 'Freshness by channel' });
    const row = freshness.getByRole('listitem').filter({ hasText: general.name });
    await row.getByText('Reviewed content').waitFor();
    await row.getByText('Review period: 6 months').waitFor();
    const routing = page.getByRole('region', { name: 'Questions routed to experts' });
    await routing.getByText('No question had to be routed in this time.').waitFor();
    expect(await scrollsSideways(page)).toBe(false);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('lets a channel owner turn reviews off for their channel', async () => {
    const owner = await registered();
    const created = await owner.request<{ channel: Channel }>('POST', '/channels', {
      slug: `chat-${randomLetters()}`,
      name: 'Coffee chat',
      description: 'Nothing here needs reviewing.',
      visibility: 'public',
    });
    expect(created.status).toBe(201);
    const channel = created.body.channel;

    const page = await openAs(owner);
    await page.goto(`${world.url}/#/channels/${channel.id}`);
    await page.getByRole('heading', { level: 1, name: 'Coffee chat' }).waitFor();
    await page.getByRole('button', { name: 'Reviews and experts' }).click();
    const form = page.getByRole('form', { name: 'Reviews and experts' });
    const review = form.getByLabel('Ask owners to review tips and accepted answers');
    expect(await review.inputValue()).not.toBe('');
    await review.selectOption({ label: 'Never' });
    await form.getByRole('button', { name: 'Save settings' }).click();
    await form.waitFor({ state: 'detached' });

    const saved = await owner.request<{ channel: Channel }>('GET', `/channels/${channel.id}`);
    expect(saved.body.channel.reviewPeriodDays).toBeNull();
    // Expert routing was left as it was.
    expect(saved.body.channel.expertRoutingMinutes).toBe(30);

    // Opened again, the form shows what is saved.
    await page.getByRole('button', { name: 'Reviews and experts' }).click();
    await expect.poll(() => review.locator('option:checked').innerText()).toBe('Never');
    expect(pageErrors).toEqual([]);
    await page.context().close();
  });
});
