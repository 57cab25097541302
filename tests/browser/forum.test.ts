import type { Channel, ChannelList, Post, SearchResponse } from '@outloud/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ApiClient } from '../support/api-client.js';
import { addSessionCookie, launchChromium, signUp } from '../support/browser.js';
import { startTestStack, type TestStack } from '../support/stack.js';

/** The feed (possibly empty) of the home page has loaded. */
async function feedLoaded(page: Page): Promise<void> {
  await page.getByLabel('Title').waitFor();
  await page
    .getByRole('list', { name: 'Feed' })
    .or(page.getByText('No posts yet'))
    .first()
    .waitFor();
}

/** Signs the page in with the session of someone registered through the API. */
async function signInWith(page: Page, url: string, client: ApiClient): Promise<void> {
  await addSessionCookie(page.context(), url, client);
  await page.goto(`${url}/#/`);
  await feedLoaded(page);
}

/** Listeners for what each page sends over its live connection (HTTP polling or WebSocket). */
const sentListeners = new WeakMap<Page, Set<(payload: string) => void>>();

/**
 * Records what `page` sends over socket.io from now on. The app keeps one socket for the whole
 * tab, opened at sign-in, so this is set up when the page is opened, not when a test waits.
 */
function recordLiveFrames(page: Page): void {
  const listeners = new Set<(payload: string) => void>();
  sentListeners.set(page, listeners);
  const sent = (payload: string): void => {
    for (const listener of listeners) listener(payload);
  };
  page.on('request', (request) => {
    if (request.url().includes('/socket.io/')) sent(request.postData() ?? '');
  });
  page.on('websocket', (socket) => {
    socket.on('framesent', ({ payload }) => sent(String(payload)));
  });
}

/** Resolves once the page has asked the live connection for `event`. */
function whenEmitted(page: Page, event: string, timeout = 10_000): Promise<void> {
  const marker = `"${event}"`;
  const listeners = sentListeners.get(page);
  if (listeners === undefined) throw new Error('the page does not record its live frames');
  return new Promise((resolve, reject) => {
    const listener = (payload: string): void => {
      if (!payload.includes(marker)) return;
      clearTimeout(timer);
      listeners.delete(listener);
      resolve();
    };
    const timer = setTimeout(() => {
      listeners.delete(listener);
      reject(new Error(`the page never sent ${event} over its live connection`));
    }, timeout);
    listeners.add(listener);
  });
}

/** Fails unless `text` is nowhere in what the page shows (case-sensitive, any element). */
async function expectNotShown(page: Page, text: string, where: string): Promise<void> {
  const shown = await page.locator('body').innerText();
  expect(shown.includes(text), `"${text}" is shown on ${where}`).toBe(false);
}

describe('the forum in the web app', () => {
  let world: TestStack;
  let browser: Browser;
  const pageErrors: string[] = [];

  async function openPage(who: string): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    page.on('pageerror', (error) => pageErrors.push(`${who}: ${String(error)}`));
    recordLiveFrames(page);
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
  });

  afterAll(async () => {
    await browser?.close();
    await world?.[Symbol.asyncDispose]();
  });

  it('asks a question, sees an answer arrive live, accepts it and marks it helpful', async () => {
    const stamp = Date.now().toString(36);
    const asker = await openPage('asker');
    const answerer = await openPage('answerer');
    await signUp(asker, world.url, `asker${stamp}`);
    const answererApi = await registered();
    await signInWith(answerer, world.url, answererApi);

    // The asker asks through the composer and opens the question from the feed.
    const title = `How do we rotate the staging database password ${stamp}?`;
    await asker.getByLabel('Title').fill(title);
    await asker.getByRole('radio', { name: 'Question' }).check();
    await asker.getByLabel('Body').fill('The old runbook points at a vault that no longer exists.');
    await asker.getByLabel('Tags').fill('staging, secrets');
    const askerSubscribed = whenEmitted(asker, 'post:subscribe');
    await asker.getByRole('button', { name: 'Post' }).click();
    await asker.getByRole('list', { name: 'Feed' }).getByRole('link', { name: title }).click();
    await asker.getByRole('heading', { level: 1, name: title }).waitFor();
    await asker.getByRole('heading', { name: '0 answers' }).waitFor();
    const postUrl = asker.url();
    expect(postUrl, 'the question opens on its own page').toMatch(/#\/posts\/[^/]+$/);
    await askerSubscribed;

    // The answerer opens the same page and answers.
    const answererSubscribed = whenEmitted(answerer, 'post:subscribe');
    await answerer.goto(postUrl);
    await answerer.getByRole('heading', { level: 1, name: title }).waitFor();
    await answererSubscribed;
    const answerText = `Use the rotate script in ops-tools ${stamp}, then restart the workers.`;
    await answerer.getByLabel('Your answer').fill(answerText);
    await answerer.getByRole('button', { name: 'Post answer' }).click();
    const answererList = answerer.getByRole('list', { name: 'Answers' });
    await answererList.getByText(answerText).waitFor();

    // No reload on the asker's side: the answer arrives over the live connection.
    const askerList = asker.getByRole('list', { name: 'Answers' });
    await askerList
      .getByText(answerText)
      .waitFor({ timeout: 10_000 })
      .catch(() => {
        throw new Error("the answer did not appear live on the asker's page");
      });
    await asker.getByRole('heading', { name: '1 answer' }).waitFor();
    const askerAnswer = askerList.getByRole('listitem').filter({ hasText: answerText });

    // The answerer cannot accept; the asker can.
    expect(await answererList.getByRole('button', { name: 'Accept' }).count()).toBe(0);
    await askerAnswer.getByRole('button', { name: 'Accept', exact: true }).click();
    await askerAnswer.getByRole('button', { name: 'Accepted ✓ (withdraw)' }).waitFor();
    await askerAnswer.getByText('Accepted answer').waitFor();

    const answererAnswer = answererList.getByRole('listitem').filter({ hasText: answerText });
    await answererAnswer
      .getByText('Accepted answer')
      .waitFor({ timeout: 10_000 })
      .catch(() => {
        throw new Error("the acceptance did not reach the answerer's page live");
      });
    await answerer.getByRole('article').getByText('✓ Accepted').waitFor();

    // The asker marks the answer helpful: the score moves on both pages.
    const askerHelpful = askerAnswer.getByRole('button', { name: /^Helpful/ });
    expect(await askerHelpful.getAttribute('aria-pressed')).toBe('false');
    expect((await askerHelpful.textContent())?.trim()).toBe('Helpful 0');
    await askerHelpful.click();
    await askerAnswer.getByRole('button', { name: 'Helpful 1', pressed: true }).waitFor();
    const answererHelpful = answererAnswer.getByRole('button', { name: /^Helpful/ });
    expect(await answererHelpful.isDisabled(), 'nobody votes for their own answer').toBe(true);
    await answererAnswer
      .getByRole('button', { name: 'Helpful 1' })
      .waitFor({ timeout: 10_000 })
      .catch(() => {
        throw new Error("the new score did not reach the answerer's page live");
      });

    // What the pages show is what was stored.
    const stored = await answererApi.request<{ post: Post; answers: { score: number }[] }>(
      'GET',
      `/posts/${postUrl.split('/').pop()}`,
    );
    expect(stored.body.post.acceptedAnswerId).not.toBeNull();
    expect(stored.body.answers.map((answer) => answer.score)).toEqual([1]);
    expect(pageErrors).toEqual([]);
  });

  it("keeps a private channel's content out of an outsider's sight", async () => {
    const stamp = Date.now().toString(36);
    const owner = await registered();
    const channelName = `Compensation council ${stamp}`;
    const created = await owner.request<{ channel: Channel }>('POST', '/channels', {
      slug: `comp-${stamp}`,
      name: channelName,
      visibility: 'private',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const secret = created.body.channel;

    const privateTitle = `Payroll freeze plan ${stamp}`;
    const privateBody = 'Salaries stay where they are until the audit is done.';
    const posted = await owner.request<{ post: Post }>('POST', '/posts', {
      channelId: secret.id,
      kind: 'tip',
      title: privateTitle,
      body: privateBody,
      tags: ['payroll'],
    });
    expect(posted.status, JSON.stringify(posted.body)).toBe(201);
    const privatePost = posted.body.post;

    // A public post with the same words shows that search and the feed do work for the outsider.
    const channels = await owner.request<ChannelList>('GET', '/channels');
    const general = channels.body.items.find((channel) => channel.slug === 'general');
    if (general === undefined) throw new Error('the #general channel is missing');
    const publicTitle = `Plan for the payroll freeze ${stamp}`;
    const control = await owner.request<{ post: Post }>('POST', '/posts', {
      channelId: general.id,
      kind: 'tip',
      title: publicTitle,
      body: 'Questions about the freeze go to HR.',
      tags: ['payroll'],
    });
    expect(control.status, JSON.stringify(control.body)).toBe(201);

    // Wait until a member can find the private tip: from then on it is in the search index.
    const words = `payroll freeze plan ${stamp}`;
    const indexed = async (): Promise<boolean> => {
      const found = await owner.request<SearchResponse>(
        'GET',
        `/search?q=${encodeURIComponent(words)}`,
      );
      return found.body.hits.some((hit) => hit.id === privatePost.id);
    };
    const deadline = Date.now() + 15_000;
    while (!(await indexed())) {
      if (Date.now() > deadline) throw new Error('the private tip never became searchable');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }

    const outsider = await openPage('outsider');
    await signInWith(outsider, world.url, await registered());

    // Home feed: the public post, not the private one.
    await outsider
      .getByRole('list', { name: 'Feed' })
      .getByRole('heading', { name: publicTitle })
      .waitFor();
    await expectNotShown(outsider, privateTitle, 'the home feed');

    // The sidebar lists the channels the outsider may see, and not the private one.
    const sidebar = outsider.getByRole('navigation', { name: 'Channels' });
    await sidebar.getByRole('link').filter({ hasText: general.name }).waitFor();
    expect(await sidebar.getByRole('link').count()).toBeGreaterThan(0);
    await expectNotShown(outsider, channelName, 'the page with the channel sidebar');

    // Direct addresses answer as if nothing were there.
    await outsider.goto(`${world.url}/#/channels/${secret.id}`);
    await outsider.getByRole('heading', { level: 1, name: 'Channel unavailable' }).waitFor();
    await outsider
      .getByRole('alert')
      .filter({ hasText: 'This channel does not exist, or you cannot see it.' })
      .waitFor();
    await expectNotShown(outsider, channelName, "the private channel's address");

    await outsider.goto(`${world.url}/#/posts/${privatePost.id}`);
    await outsider
      .getByRole('alert')
      .filter({ hasText: 'This post does not exist or was deleted.' })
      .waitFor();
    await expectNotShown(outsider, privateTitle, "the private tip's address");

    // Search for the private tip's words finds only the public post (search again until the
    // public post is indexed too, as a person would).
    await outsider.goto(`${world.url}/#/`);
    await feedLoaded(outsider);
    const box = outsider.getByRole('searchbox', { name: 'Search posts' });
    const results = outsider.getByRole('list', { name: 'Search results' });
    const hit = results.getByRole('link', { name: publicTitle });
    const searchDeadline = Date.now() + 15_000;
    do {
      await box.fill(words);
      await box.press('Enter');
      await hit.waitFor({ timeout: 1_000 }).catch(() => undefined);
    } while (!(await hit.isVisible()) && Date.now() < searchDeadline);
    expect(await hit.isVisible(), 'the public post is found by the same words').toBe(true);
    await expectNotShown(outsider, privateTitle, 'the search results page');
    await expectNotShown(outsider, privateBody, 'the search results page');
    expect(await results.getByRole('listitem').count(), 'search hits besides the public post').toBe(
      1,
    );
    expect(pageErrors).toEqual([]);
  });
});
