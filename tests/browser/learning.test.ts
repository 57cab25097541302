import type { Channel, ChannelList, Challenge, Post } from '@outloud/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ApiClient } from '../support/api-client.js';
import { launchChromium, signUp } from '../support/browser.js';
import { startTestStack, type TestStack } from '../support/stack.js';
import { checkInDayOne } from '../support/challenge-page.js';

const isoDate = (offsetDays: number) =>
  new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

describe('learning in the web app', () => {
  let world: TestStack;
  let browser: Browser;
  let admin: ApiClient;
  let general: Channel;
  const pageErrors: string[] = [];

  async function openPage(who: string): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    page.on('pageerror', (error) => pageErrors.push(`${who}: ${String(error)}`));
    return page;
  }

  async function registered(): Promise<ApiClient> {
    const client = new ApiClient(world.url);
    await client.register();
    return client;
  }

  beforeAll(async () => {
    world = await startTestStack({ buildWeb: true });
    browser = await launchChromium();
    // The first admin comes from the one-time setup link the stack printed.
    admin = new ApiClient(world.url);
    await admin.setup(world.stack.setupToken!);
    const channels = await admin.request<ChannelList>('GET', '/channels');
    general = channels.body.items.find((c) => c.slug === 'general')!;
  });
  afterAll(async () => {
    await browser?.close();
    await world?.[Symbol.asyncDispose]();
  });

  it('sets a measurable goal and watches it advance after answering a question', async () => {
    const asker = await registered();
    const question = await asker.request<{ post: Post }>('POST', '/posts', {
      channelId: general.id,
      kind: 'question',
      title: 'How do I drain a Kubernetes node?',
      body: 'Without losing pods.',
      tags: ['kubernetes'],
    });
    expect(question.status).toBe(201);

    const page = await openPage('learner');
    await signUp(page, world.url, `learner${Date.now().toString(36)}`);
    await page.getByRole('link', { name: 'My learning' }).click();
    await page.getByLabel('Goal', { exact: true }).fill('Help colleagues with Kubernetes');
    await page.getByLabel('Track it from what I share').check();
    await page.getByLabel('How many').fill('1');
    await page.getByLabel('Of what').selectOption('answers');
    await page.getByLabel('Tagged').fill('kubernetes');
    await page.getByRole('button', { name: 'Set goal' }).click();
    const goal = page.getByRole('article', { name: 'Goal: Help colleagues with Kubernetes' });
    await expect
      .poll(() => goal.getByTestId('goal-progress').innerText())
      .toContain('0 of 1 answers to questions tagged kubernetes');

    await page.goto(`${world.url}/#/posts/${question.body.post.id}`);
    await page.getByLabel('Your answer').fill('Use kubectl drain with --ignore-daemonsets.');
    await page.getByRole('button', { name: 'Post answer' }).click();
    await page.getByText('Use kubectl drain with --ignore-daemonsets.').waitFor();

    await page.goto(`${world.url}/#/goals`);
    // The goal page refreshes itself; the answer's event reaches the learning service meanwhile.
    await expect
      .poll(() => goal.getByTestId('goal-progress').innerText(), { timeout: 20_000 })
      .toContain('1 of 1 answers to questions tagged kubernetes');
    await goal.getByText('Achieved').waitFor();

    // The answer's actions menu adds it as evidence for the goal.
    await page.goto(`${world.url}/#/posts/${question.body.post.id}`);
    await page.getByRole('button', { name: 'More actions for this answer' }).click();
    await page.getByRole('menuitem', { name: 'Add as evidence' }).click();
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByText('Added as evidence.').waitFor();
    await page.goto(`${world.url}/#/goals`);
    await goal.getByRole('link', { name: 'How do I drain a Kubernetes node?' }).waitFor();
    expect(pageErrors).toEqual([]);
  });

  it('joins a challenge, checks in on two days and sees the streak', async () => {
    const lead = await registered();
    const granted = await admin.request('PATCH', `/admin/users/${lead.user!.id}`, {
      roles: ['member', 'ld'],
    });
    expect(granted.status).toBe(200);
    // Started yesterday in UTC, so days 1 and 2 are both open for check-ins today.
    const created = await lead.request<{ challenge: Challenge }>('POST', '/challenges', {
      channelId: general.id,
      title: 'Three days of tiny tests',
      startDate: isoDate(-1),
      timeZone: 'UTC',
      prompts: ['Write a test for a bug you fixed', 'Name one flaky test', 'Pair on a test'],
    });
    expect(created.status).toBe(201);

    const page = await openPage('participant');
    await signUp(page, world.url, `part${Date.now().toString(36)}`);
    await page.getByRole('link', { name: 'Challenges' }).click();
    await page.getByRole('link', { name: 'Three days of tiny tests', exact: true }).click();
    await page.getByText('Write a test for a bug you fixed').waitFor();
    await page.getByRole('button', { name: 'Join challenge' }).click();

    await checkInDayOne(
      page,
      'Write a test for a bug you fixed',
      'Added a regression test for the date parser.',
    );
    await page.getByLabel('Your response to day 2').fill('The login test sleeps; I will fix it.');
    await page
      .getByRole('article', { name: 'Day 2' })
      .getByRole('button', { name: 'Respond' })
      .click();
    await page.getByRole('article', { name: 'Day 2' }).getByText('Checked in').waitFor();
    await expect.poll(() => page.getByTestId('current-streak').innerText()).toBe('2');
    // One participant: the cohort's daily counts are withheld.
    await page.getByText('Daily counts appear once 5 people take part').waitFor();

    // The prompt in the feed carries the L&D badge of the person who started the challenge.
    await page.goto(`${world.url}/#/`);
    const prompt = page
      .getByRole('article')
      .filter({ hasText: 'Day 2 of 3 · Three days of tiny tests' });
    await prompt.getByText('L&D', { exact: true }).waitFor();
    expect(pageErrors).toEqual([]);
  });

  it('shows a manager team insights with charts, and withholds them for a small group', async () => {
    const manager = await registered();
    await admin.request('PATCH', `/admin/users/${manager.user!.id}`, {
      roles: ['member', 'manager'],
    });
    const create = async (slug: string) =>
      (
        await manager.request<{ channel: Channel }>('POST', '/channels', {
          slug,
          name: slug,
          visibility: 'public',
        })
      ).body.channel;
    const busy = await create(`busy-${Date.now().toString(36)}`);
    const quiet = await create(`quiet-${Date.now().toString(36)}`);
    for (let i = 0; i < 5; i++) {
      const colleague = await registered();
      await colleague.request('POST', `/channels/${busy.id}/join`);
      await colleague.request('POST', '/posts', {
        channelId: busy.id,
        kind: 'tip',
        title: `Tip number ${i}`,
        body: 'Something useful',
        tags: ['onboarding'],
      });
    }
    await manager.request('POST', '/posts', {
      channelId: quiet.id,
      kind: 'tip',
      title: 'Alone here',
      body: 'Just me',
    });

    const page = await openPage('manager');
    const [name, ...value] = manager.cookie.split('=');
    await page.context().addCookies([{ name: name!, value: value.join('='), url: world.url }]);
    await page.goto(`${world.url}/#/`);
    await page.getByRole('link', { name: 'Insights' }).click();
    await page.getByLabel('Channel', { exact: true }).selectOption(busy.id);
    await expect
      .poll(
        async () => {
          if (await page.getByRole('list', { name: 'Top tags' }).isVisible()) return true;
          // The events may still be on their way: choose the channel again to reload.
          await page.getByLabel('Channel', { exact: true }).selectOption(quiet.id);
          await page.getByLabel('Channel', { exact: true }).selectOption(busy.id);
          return false;
        },
        { timeout: 20_000 },
      )
      .toBe(true);
    await page.getByRole('list', { name: 'Top tags' }).getByText('onboarding').waitFor();
    await page.getByRole('list', { name: 'Posts per week' }).waitFor();

    await page.getByLabel('Channel', { exact: true }).selectOption(quiet.id);
    await page.getByText('Fewer than 5 people contributed here').waitFor();
    expect(await page.getByRole('list', { name: 'Top tags' }).count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
