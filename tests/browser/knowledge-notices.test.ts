import type { Answer, Channel, ChannelList, ExpertsResponse, Post } from '@outloud/contracts';
import { createDb } from '@outloud/db';
import { eventually, randomLetters } from '@outloud/testkit';
import { sql, type Kysely, type RawBuilder } from 'kysely';
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

/**
 * What reaches people when time passes: a review that comes due and a question that waits for an
 * expert, followed from the notification to the one click that deals with it. The services' sweeps
 * run every second here; instead of waiting months or half an hour, the test moves a row's date
 * back in the stack's own database (the timers' rules are tested on an injected clock elsewhere).
 */
describe('reviews and expert requests, from the notification, in the web app', () => {
  let world: TestStack;
  let browser: Browser;
  let db: Kysely<unknown>;
  let admin: ApiClient;
  let general: Channel;
  const pageErrors: string[] = [];

  const registered = (displayName?: string): Promise<ApiClient> =>
    ApiClient.registered(world.url, displayName === undefined ? {} : { displayName });

  const openAs = (client: ApiClient, width = 1280): Promise<Page> =>
    openSignedIn(browser, world.url, client, { width, errors: pageErrors });

  /** Moves a date of one row back; retries until the row exists (it may come by an event). */
  async function ageRow(statement: () => RawBuilder<unknown>, what: string): Promise<void> {
    await eventually(
      async () => ((await statement().execute(db)).numAffectedRows === 1n ? true : undefined),
      { what, timeoutMs: 30_000 },
    );
  }

  beforeAll(async () => {
    world = await startTestStack({
      buildWeb: true,
      env: { REVIEW_SWEEP_SECONDS: '1', EXPERT_ROUTING_SWEEP_SECONDS: '1' },
    });
    db = createDb<unknown>({ url: world.databaseUrl, max: 2 });
    browser = await launchChromium();
    admin = new ApiClient(world.url);
    await admin.setup(world.stack.setupToken!);
    general = (await admin.request<ChannelList>('GET', '/channels')).body.items.find(
      (channel) => channel.slug === 'general',
    )!;
  });

  afterAll(async () => {
    await browser?.close();
    await db?.destroy();
    await world?.[Symbol.asyncDispose]();
  });

  it('tells a tip’s owner when its review is due, and one click there confirms it', async () => {
    const author = await registered('Grace Owner');
    const tip = await author.post(general.id, {
      kind: 'tip',
      title: `Run the ${randomLetters()} migrations before the release branch is cut`,
      body: 'Otherwise the release waits for them.',
    });
    const firstDue = Date.parse(tip.reviewDueAt!);
    // Half a year later, as far as this tip is concerned.
    await ageRow(
      () =>
        sql`update feed.posts set review_due_at = now() - interval '1 day' where id = ${tip.id}`,
      'the tip in the feed database',
    );

    const page = await openAs(author, 360);
    await page.goto(`${world.url}/#/notifications`);
    const notice = page
      .getByRole('list', { name: 'Notifications' })
      .getByRole('link', { name: `Still true? Your tip “${tip.title}” is due for review` });
    await reloadUntilShown(page, notice, 'the review_due notification', 15);
    expect(await scrollsSideways(page)).toBe(false);
    await notice.click();

    await page.getByRole('heading', { level: 1, name: tip.title }).waitFor();
    const panel = page.getByRole('region', { name: 'Is this still true?' });
    await panel.getByText(/^Its review was due on /).waitFor();
    // Due: the choices are there at once, no "Review now" first.
    expect(await panel.getByRole('button', { name: 'Review now' }).count()).toBe(0);
    await panel.getByRole('button', { name: 'Outdated', exact: true }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await panel.getByRole('button', { name: 'Still true' }).click();
    await page.getByText('Thanks: confirmed as still true.').waitFor();
    await page
      .getByRole('region', { name: 'Keeping it true' })
      .getByText(/^Next review on /)
      .waitFor();

    const reviewed = await author.request<{ post: Post }>('GET', `/posts/${tip.id}`);
    expect(reviewed.body.post.outdated ?? false).toBe(false);
    // The next review is the channel's period from now, again months away.
    expect(Date.parse(reviewed.body.post.reviewDueAt!)).toBeGreaterThanOrEqual(firstDue);
    expect(pageErrors).toEqual([]);
    await page.context().close();
  });

  it('asks a proven expert about a waiting question, and takes them to answer it', async () => {
    const topic = randomLetters();
    const expert = await registered('Ada Expert');
    const asker = await registered('Lin Asker');
    // An accepted answer on the topic is what makes someone a likely expert.
    const earlier = await admin.post(general.id, {
      kind: 'question',
      title: `How do we version the ${topic} schema?`,
      body: 'Each team does it differently.',
      tags: [topic],
    });
    const given = await expert.request<{ answer: Answer }>('POST', `/posts/${earlier.id}/answers`, {
      body: 'Semantic versions, and a changelog beside the schema.',
    });
    expect(given.status).toBe(201);
    const accepted = await admin.request('POST', `/answers/${given.body.answer.id}/accept`);
    expect(accepted.status).toBe(200);
    await eventually(
      async () => {
        const found = await admin.request<ExpertsResponse>('GET', `/experts?topic=${topic}`);
        return found.body.items.some((e) => e.user.id === expert.user!.id) ? true : undefined;
      },
      { what: 'the expert known to search', timeoutMs: 60_000 },
    );

    const question = await asker.post(general.id, {
      kind: 'question',
      title: `Where does the ${topic} schema changelog live?`,
      body: 'I cannot find it in the repository.',
      tags: [topic],
    });
    // An hour without an answer: past the channel's 30 minutes.
    await ageRow(
      () =>
        sql`update notify.routings set asked_at = asked_at - interval '1 hour'
             where post_id = ${question.id}`,
      'the waiting question in the notification database',
    );

    const page = await openAs(expert);
    await page.goto(`${world.url}/#/notifications`);
    const request = page.getByRole('list', { name: 'Notifications' }).getByRole('link', {
      name: `A question waits for someone who knows its topic: “${question.title}”`,
    });
    await reloadUntilShown(page, request, 'the expert_request notification', 15);
    await request.click();
    await page.getByRole('heading', { level: 1, name: question.title }).waitFor();
    await page.getByLabel('Your answer').fill('In docs/schema/CHANGELOG.md, next to the schema.');
    await page.getByRole('button', { name: 'Post answer' }).click();
    await page.getByText('next to the schema.').waitFor();

    // The asker is never asked about their own question.
    const askersOwn = await asker.request<{ items: { type: string; postId: string }[] }>(
      'GET',
      '/notifications',
    );
    expect(
      askersOwn.body.items.filter((n) => n.type === 'expert_request' && n.postId === question.id),
    ).toEqual([]);
    expect(pageErrors).toEqual([]);
    await page.context().close();
  });
});
