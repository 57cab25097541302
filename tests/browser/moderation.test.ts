import type { ChannelList, NotificationList, Post, User } from '@outloud/contracts';
import { eventually } from '@outloud/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ApiClient } from '../support/api-client.js';
import {
  launchChromium,
  openSignedIn,
  scrollsSideways,
  seriousA11yViolations,
} from '../support/browser.js';
import { startTestStack, type TestStack } from '../support/stack.js';

describe('moderation in the web app', () => {
  let world: TestStack;
  let browser: Browser;
  let admin: ApiClient;
  let moderator: ApiClient;
  let author: ApiClient;
  let flagger: ApiClient;
  let reader: ApiClient;
  let generalId: string;
  const pageErrors: string[] = [];

  const openAs = (client: ApiClient, width = 1280): Promise<Page> =>
    openSignedIn(browser, world.url, client, { width, errors: pageErrors });

  async function newPost(kind: 'tip' | 'question', title: string): Promise<Post> {
    const created = await author.request<{ post: Post }>('POST', '/posts', {
      channelId: generalId,
      kind,
      title,
      body: 'Rotate the staging keys every quarter and write down who did it.',
      tags: [],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body.post;
  }

  async function openPost(page: Page, post: Post): Promise<void> {
    await page.goto(`${world.url}/#/posts/${post.id}`);
    await page.getByRole('heading', { level: 1, name: post.title }).waitFor();
  }

  /** Opens the post's "More actions" menu and picks `item`. */
  async function fromPostMenu(page: Page, item: string): Promise<void> {
    await page.getByRole('button', { name: 'More actions for this post' }).click();
    await page.getByRole('menuitem', { name: item, exact: true }).click();
  }

  beforeAll(async () => {
    world = await startTestStack({ buildWeb: true });
    browser = await launchChromium();
    admin = new ApiClient(world.url);
    await admin.setup(world.stack.setupToken!);
    moderator = new ApiClient(world.url);
    const mod = await moderator.register({ displayName: 'Grace Moderator' });
    const promoted = await admin.request<{ user: User }>('PATCH', `/admin/users/${mod.id}`, {
      roles: ['member', 'moderator'],
    });
    expect(promoted.status, JSON.stringify(promoted.body)).toBe(200);
    author = new ApiClient(world.url);
    await author.register({ displayName: 'Sam Spammer' });
    flagger = new ApiClient(world.url);
    await flagger.register({ displayName: 'Ada Flagger' });
    reader = new ApiClient(world.url);
    await reader.register({ displayName: 'Rita Reader' });
    const channels = await author.request<ChannelList>('GET', '/channels');
    generalId = channels.body.items.find((channel) => channel.slug === 'general')!.id;
  });

  afterAll(async () => {
    await browser?.close();
    await world?.[Symbol.asyncDispose]();
  });

  it('a member flags a post, a moderator hides it from the queue, and only its author still sees it, marked', async () => {
    const stamp = Date.now().toString(36);
    const spam = await newPost('tip', `Cheap watches for every engineer ${stamp}`);
    const control = await newPost('tip', `Keep the runbook next to the alerts ${stamp}`);

    // A member flags it: a reason is needed, the note is optional, and the app thanks them.
    const member = await openAs(flagger);
    await openPost(member, spam);
    await fromPostMenu(member, 'Flag');
    const flagDialog = member.getByRole('dialog', { name: 'Flag this post' });
    await flagDialog.waitFor();
    await flagDialog.getByRole('button', { name: 'Send flag' }).click();
    await flagDialog.getByText('Choose what is wrong with it.').waitFor();
    await flagDialog.getByRole('radio', { name: /^Spam/ }).check();
    await flagDialog
      .getByLabel('Note for the moderators (optional)')
      .fill('Same link in every post');
    await flagDialog.getByRole('button', { name: 'Send flag' }).click();
    await flagDialog.waitFor({ state: 'hidden' });
    await member
      .getByRole('status')
      .filter({ hasText: 'Thanks, moderators will look at it.' })
      .waitFor();
    // A second flag by the same person is refused in words.
    await fromPostMenu(member, 'Flag');
    await flagDialog.getByRole('radio', { name: /^Off topic/ }).check();
    await flagDialog.getByRole('button', { name: 'Send flag' }).click();
    await flagDialog
      .getByText('You have already flagged this. Moderators will look at it.')
      .waitFor();
    await flagDialog.getByRole('button', { name: 'Cancel' }).click();

    // The author is not offered to flag their own post.
    const own = await openAs(author);
    await openPost(own, spam);
    await own.getByRole('button', { name: 'More actions for this post' }).click();
    await own.getByRole('menuitem').first().waitFor();
    expect(await own.getByRole('menuitem', { name: 'Flag', exact: true }).count()).toBe(0);

    // The moderator finds it in the queue with the reason, the note and who flagged it.
    const mod = await openAs(moderator, 360);
    await mod.goto(`${world.url}/#/moderation`);
    await mod.getByRole('heading', { level: 1, name: 'Moderation' }).waitFor();
    const item = mod.getByRole('article').filter({ hasText: spam.title });
    await item.waitFor();
    await item.getByText('Same link in every post').waitFor();
    await item.getByText('flagged by Ada Flagger').waitFor();
    expect(await item.getByText('Spam', { exact: true }).count()).toBe(1);
    expect(await scrollsSideways(mod)).toBe(false);
    expect(await seriousA11yViolations(mod)).toEqual([]);

    // Hiding asks for a reason, which goes to the author.
    await item.getByRole('button', { name: 'Hide' }).click();
    const hideDialog = mod.getByRole('dialog', { name: 'Hide this post?' });
    await hideDialog.waitFor();
    await hideDialog.getByRole('button', { name: 'Hide' }).click();
    await hideDialog.getByText('Give a reason: the author is told why.').waitFor();
    await hideDialog.getByLabel('Reason (required)').fill('Advertising for watches');
    await hideDialog.getByRole('button', { name: 'Hide' }).click();
    await hideDialog.waitFor({ state: 'hidden' });
    // The item changes in place: hidden, resolved, and restore offered instead of hide.
    await item.getByText('Hidden. 1 flag resolved.').waitFor();
    await item.getByText('Resolved', { exact: true }).first().waitFor();
    await item.getByRole('button', { name: 'Restore' }).waitFor();
    expect(await item.getByRole('button', { name: 'Dismiss' }).count()).toBe(0);
    // Its Hide button is gone: focus stays on the item, at its title, not back at the page's start.
    await expect
      .poll(() => mod.evaluate<string>("document.activeElement?.textContent?.trim() ?? ''"))
      .toBe(spam.title);
    // And it is listed under Resolved.
    await mod.getByRole('link', { name: 'Resolved' }).click();
    await mod.getByRole('article').filter({ hasText: spam.title }).waitFor();

    // Another member no longer sees it in the feed, nor at its address.
    const other = await openAs(reader);
    await other.goto(`${world.url}/#/`);
    const feed = other.getByRole('list', { name: 'Feed' });
    await feed.getByRole('link', { name: control.title }).waitFor();
    expect(await feed.getByRole('link', { name: spam.title }).count()).toBe(0);
    await other.goto(`${world.url}/#/posts/${spam.id}`);
    await other.getByText('This post does not exist or was deleted.').waitFor();

    // Its author still sees it, with the mark, and is told why.
    await openPost(own, spam);
    await own.getByText('Hidden: only you and moderators see this.').waitFor();
    await eventually(
      async () => {
        const list = await author.request<NotificationList>('GET', '/notifications');
        return list.body.items.find((n) => n.type === 'flag_resolved' && n.postId === spam.id);
      },
      { timeoutMs: 20_000, what: 'the flag_resolved notification' },
    );
    await own.goto(`${world.url}/#/notifications`);
    await own
      .getByRole('list', { name: 'Notifications' })
      .getByRole('link', {
        name: new RegExp(`A moderator hid your post “${spam.title}”: Advertising for watches`),
      })
      .waitFor();

    // Search still finds it for its author, with the mark (indexing is eventual: search again).
    const hit = own
      .getByRole('list', { name: 'Search results' })
      .getByRole('listitem')
      .filter({ hasText: spam.title });
    // Going to the same #/search address again changes nothing in the page: reload instead.
    await own.goto(`${world.url}/#/search?q=watches`);
    let searched = false;
    await eventually(
      async () => {
        if (searched) await own.reload();
        searched = true;
        await hit
          .getByText('Hidden: only you and moderators see this.')
          .waitFor({ timeout: 2_000 });
        return true;
      },
      { timeoutMs: 30_000, what: "the hidden post, marked, in its author's search" },
    );

    // The moderator sees the mark as a moderator.
    await openPost(mod, spam);
    await mod.getByText('Hidden: only its author and moderators see this.').waitFor();
    expect(pageErrors).toEqual([]);
    for (const page of [member, own, mod, other]) await page.context().close();
  });

  it('a moderator locks a thread from its page: the answer form is gone for everyone', async () => {
    const stamp = Date.now().toString(36);
    const question = await newPost('question', `Which VPN profile for the lab network ${stamp}`);

    const mod = await openAs(moderator);
    await openPost(mod, question);
    await mod.getByLabel('Your answer').waitFor();
    await fromPostMenu(mod, 'Lock thread');
    const dialog = mod.getByRole('dialog', { name: 'Lock this thread?' });
    await dialog.getByLabel('Reason').fill('Answered in the handbook');
    await dialog.getByRole('button', { name: 'Lock' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await mod.getByText('This thread is locked: it takes no new answers.').waitFor();
    expect(await mod.getByLabel('Your answer').count()).toBe(0);

    const member = await openAs(reader);
    await openPost(member, question);
    await member.getByText('This thread is locked: it takes no new answers.').waitFor();
    expect(await member.getByLabel('Your answer').count()).toBe(0);
    // The server refuses an answer too, whatever the page shows.
    const refused = await reader.request('POST', `/posts/${question.id}/answers`, {
      body: 'The blue one.',
    });
    expect(refused.status).toBe(409);

    // Unlocking brings the form back.
    await fromPostMenu(mod, 'Unlock thread');
    await mod
      .getByRole('dialog', { name: 'Unlock this thread?' })
      .getByRole('button', { name: 'Unlock' })
      .click();
    await mod.getByLabel('Your answer').waitFor();
    expect(pageErrors).toEqual([]);
    for (const page of [mod, member]) await page.context().close();
  });

  it('keeps the moderation queue to moderators and admins', async () => {
    const page = await openAs(reader);
    await page.goto(`${world.url}/#/moderation`);
    await page.getByText('Only moderators and admins work the moderation queue.').waitFor();
    // Nor is it in their account menu.
    await page.getByRole('button', { name: /^Account menu/ }).click();
    expect(await page.getByRole('link', { name: 'Moderation' }).count()).toBe(0);
    const mod = await openAs(moderator);
    await mod.goto(`${world.url}/#/`);
    await mod.getByRole('button', { name: /^Account menu/ }).click();
    await mod.getByRole('link', { name: 'Moderation' }).click();
    await mod.getByRole('heading', { level: 1, name: 'Moderation' }).waitFor();
    for (const each of [page, mod]) await each.context().close();
  });
});
