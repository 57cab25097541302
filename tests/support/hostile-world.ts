import type { Challenge, Channel, Goal, Post } from '@outloud/contracts';
import { randomLetters } from '@outloud/testkit';
import type { Page } from 'playwright-core';
import { ApiClient } from './api-client.js';

/**
 * Content written to break layouts: words and addresses that cannot wrap, code lines and tables
 * wider than any phone, names and titles at their length limits.
 */
export interface HostileWorld {
  admin: ApiClient;
  adminHandle: string;
  adminName: string;
  answererName: string;
  answererEmail: string;
  invitedEmail: string;
  channel: Channel;
  question: Post;
  /** The admin's tip: the admin keeps it true, so its page shows the review panel. */
  tip: Post;
  /** A question closed as a duplicate of `question`. */
  duplicate: Post;
  tag: string;
  /** A word only the question contains, to search for. */
  searchWord: string;
  goal: Goal;
  challenge: Challenge;
}

/** One screen of the app and how to tell it has shown its content. */
export interface AppScreen {
  name: string;
  hash: string;
  ready: (page: Page, timeout: number) => Promise<void>;
  /** Content that arrives through the event pipeline: reload until it shows. */
  eventual?: boolean;
}

/** `length` lowercase letters starting with `start`, with no place to break a line. */
function word(start: string, length: number): string {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  let text = start;
  while (text.length < length) text += letters[text.length % letters.length];
  return text.slice(0, length);
}

function check<T>(result: { status: number; body: T }, what: string, status = 201): T {
  if (result.status !== status)
    throw new Error(`${what}: ${result.status} ${JSON.stringify(result.body)}`);
  return result.body;
}

/** Markdown with every kind of content that could push a page wider than the screen. */
function hostileMarkdown(stamp: string): string {
  const url = `https://example.com/${word('path', 300)}`;
  const header = Array.from({ length: 12 }, (_, i) => `column${i + 1}`);
  const cells = Array.from({ length: 12 }, (_, i) => word(`cell${i}`, 24));
  return [
    `A paragraph with an unbroken word ${word(stamp, 200)} inside.`,
    '',
    '```js',
    `const line = '${word('code', 400)}';`,
    '```',
    '',
    `Inline \`${word('inline', 150)}\` code and a bare link ${url} and [a link](${url}).`,
    '',
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    `| ${cells.join(' | ')} |`,
  ].join('\n');
}

/**
 * Seeds an instance whose first admin (long name, handle and email) owns a channel with a long
 * name and description, a question with a 200-character title, five tags at their maximum
 * length and a hostile body, an answer from a colleague with long names, a bookmark, a goal with
 * a long-addressed link as evidence, a log entry, a challenge and an invitation.
 */
export async function seedHostileWorld(url: string, setupToken: string): Promise<HostileWorld> {
  const stamp = randomLetters();
  const admin = new ApiClient(url);
  const adminName = word(`Administrator${stamp}`, 60);
  const adminHandle = `a_${stamp}${'x'.repeat(20)}`.slice(0, 30);
  await admin.setup(setupToken, {
    handle: adminHandle,
    displayName: adminName,
    email: `${word('admin', 64)}@${word('mail', 60)}.example.test`,
  });

  const answerer = new ApiClient(url);
  const answererName = word(`Colleague${stamp}`, 60);
  const answererEmail = `${word('colleague', 64)}@${word('team', 60)}.example.test`;
  await answerer.register({
    handle: `c_${stamp}${'y'.repeat(20)}`.slice(0, 30),
    displayName: answererName,
    email: answererEmail,
  });

  const body = hostileMarkdown(stamp);
  const { channel } = check(
    await admin.request<{ channel: Channel }>('POST', '/channels', {
      slug: `c${stamp}${'-'.repeat(1)}${word('channel', 30)}`.slice(0, 40),
      name: word(`Channel${stamp}`, 80),
      description: `${word('describe', 120)} https://example.com/${word('about', 300)} end`.slice(
        0,
        500,
      ),
      visibility: 'public',
    }),
    'channel',
  );
  check(await answerer.request('POST', `/channels/${channel.id}/join`), 'join', 204);

  const tags = Array.from({ length: 5 }, (_, i) => word(`t${i}${stamp}`, 32));
  const tag = tags[0]!;
  const searchWord = `needle${stamp}`;
  const { post: question } = check(
    await admin.request<{ post: Post }>('POST', '/posts', {
      channelId: channel.id,
      kind: 'question',
      title: word(`Question${stamp}`, 200),
      body: `${searchWord}\n\n${body}`,
      tags,
    }),
    'question',
  );
  check(
    await answerer.request('POST', `/posts/${question.id}/answers`, {
      body: `@${adminHandle} ${body}`,
    }),
    'answer',
  );
  const { post: tip } = check(
    await admin.request<{ post: Post }>('POST', '/posts', {
      channelId: channel.id,
      kind: 'tip',
      title: word(`Tip${stamp}`, 200),
      body,
      tags,
    }),
    'tip',
  );
  const { post: asked } = check(
    await admin.request<{ post: Post }>('POST', '/posts', {
      channelId: channel.id,
      kind: 'question',
      title: word(`Duplicate${stamp}`, 200),
      body,
      tags,
    }),
    'duplicate question',
  );
  const { post: duplicate } = check(
    await admin.request<{ post: Post }>('POST', `/posts/${asked.id}/duplicate`, {
      of: question.id,
    }),
    'closing as a duplicate',
    200,
  );
  check(await admin.request('PUT', `/posts/${question.id}/bookmark`), 'bookmark', 204);
  // A flag whose note is at its length limit and cannot wrap: the moderation queue shows it.
  check(
    await answerer.request('POST', '/flags', {
      targetType: 'post',
      targetId: question.id,
      reason: 'other',
      note: word(`note${stamp}`, 500),
    }),
    'flag',
  );

  const { goal } = check(
    await admin.request<{ goal: Goal }>('POST', '/goals', {
      title: word(`Goal${stamp}`, 200),
      why: body.slice(0, 2000),
      tags: tags.slice(0, 2),
    }),
    'goal',
  );
  check(
    await admin.request('POST', `/goals/${goal.id}/evidence`, {
      url: `https://example.com/${word('evidence', 300)}`,
      title: word(`Evidence${stamp}`, 200),
      note: word('note', 300),
    }),
    'evidence',
  );
  check(
    await admin.request('POST', '/log', {
      goalId: goal.id,
      learned: body.slice(0, 4000),
      tried: word('tried', 300),
      next: `https://example.com/${word('next', 300)}`,
    }),
    'log entry',
  );
  const { challenge } = check(
    await admin.request<{ challenge: Challenge }>('POST', '/challenges', {
      channelId: channel.id,
      title: word(`Challenge${stamp}`, 200),
      description: body.slice(0, 4000),
      tag: word(`ch${stamp}`, 32),
      startDate: new Date().toISOString().slice(0, 10),
      timeZone: 'UTC',
      prompts: [word('prompt', 300), body.slice(0, 2000)],
    }),
    'challenge',
  );
  const invitedEmail = `${word('invited', 64)}@${word('guest', 60)}.example.test`;
  check(await admin.request('POST', '/invitations', { emails: [invitedEmail] }), 'invitation');

  return {
    admin,
    adminHandle,
    adminName,
    answererName,
    answererEmail,
    invitedEmail,
    channel,
    question,
    tip,
    duplicate,
    tag,
    searchWord,
    goal,
    challenge,
  };
}

/** Waits until no "Loading…" (in English or German) is left in the page's content. */
async function loaded(page: Page, timeout: number): Promise<void> {
  await page
    .locator('main')
    .getByText(/^(Loading|Wird geladen)/)
    .first()
    .waitFor({ state: 'detached', timeout });
}

/** Waits for the page's main heading, then for loading to finish. */
async function heading(page: Page, timeout: number): Promise<void> {
  await page.getByRole('heading', { level: 1 }).first().waitFor({ timeout });
  await loaded(page, timeout);
}

/** Waits for `text` in the page's content (substring), then for loading to finish. */
function shows(text: string): AppScreen['ready'] {
  return async (page, timeout) => {
    await page.locator('main').getByText(text.slice(0, 40)).first().waitFor({ timeout });
    await loaded(page, timeout);
  };
}

/** Every screen a signed-in admin can open, each showing the hostile content where it can. */
export function signedInScreens(world: HostileWorld): AppScreen[] {
  const title = world.question.title;
  return [
    { name: 'home', hash: '#/', ready: shows(title) },
    { name: 'channel', hash: `#/channels/${world.channel.id}`, ready: shows(title) },
    { name: 'post', hash: `#/posts/${world.question.id}`, ready: shows(world.answererName) },
    { name: 'tip', hash: `#/posts/${world.tip.id}`, ready: shows(world.tip.title) },
    {
      name: 'duplicate',
      hash: `#/posts/${world.duplicate.id}`,
      ready: shows(world.duplicate.title),
    },
    { name: 'new post', hash: '#/new', ready: heading },
    {
      name: 'search',
      hash: `#/search?q=${world.searchWord}`,
      ready: shows(title),
      eventual: true,
    },
    {
      name: 'experts',
      hash: `#/experts?topic=${world.tag}`,
      ready: shows(world.answererName),
      eventual: true,
    },
    { name: 'tag', hash: `#/tags/${world.tag}`, ready: shows(title) },
    { name: 'profile', hash: `#/users/${world.adminHandle}`, ready: shows(world.adminName) },
    { name: 'bookmarks', hash: '#/bookmarks', ready: shows(title) },
    {
      name: 'notifications',
      hash: '#/notifications',
      ready: shows(world.answererName),
      eventual: true,
    },
    { name: 'moderation', hash: '#/moderation', ready: shows(title) },
    { name: 'settings', hash: '#/settings', ready: heading },
    { name: 'channels', hash: '#/channels', ready: shows(world.channel.name) },
    { name: 'new channel', hash: '#/channels/new', ready: heading },
    { name: 'goals', hash: '#/goals', ready: shows(world.goal.title) },
    {
      name: 'portfolio',
      hash: `#/users/${world.adminHandle}/portfolio`,
      ready: shows(world.goal.title),
    },
    { name: 'challenges', hash: '#/challenges', ready: shows(world.challenge.title) },
    {
      name: 'challenge',
      hash: `#/challenges/${world.challenge.id}`,
      ready: shows(world.challenge.title),
    },
    { name: 'insights', hash: '#/insights', ready: heading },
    { name: 'admin people', hash: '#/admin', ready: shows(world.answererEmail) },
    { name: 'admin invitations', hash: '#/admin/invitations', ready: shows(world.invitedEmail) },
    { name: 'admin audit', hash: '#/admin/audit', ready: heading },
    { name: 'admin sign-up', hash: '#/admin/signup', ready: heading },
    { name: 'admin outbox', hash: '#/admin/outbox', ready: heading },
  ];
}

/** The screens someone signed out can open. */
export const signedOutScreens: AppScreen[] = [
  { name: 'sign in', hash: '#/signin', ready: heading },
  { name: 'sign up', hash: '#/signup', ready: heading },
  { name: 'forgot password', hash: '#/forgot-password', ready: heading },
];

/**
 * Opens `screen` and waits for its content; content that arrives through the event pipeline
 * (search, expertise, notifications) is waited for with reloads.
 */
export async function openScreen(page: Page, url: string, screen: AppScreen): Promise<void> {
  await page.goto(`${url}/${screen.hash}`);
  if (screen.eventual !== true) {
    await screen.ready(page, 15_000);
    return;
  }
  for (let attempt = 0; ; attempt += 1) {
    try {
      await screen.ready(page, 2_000);
      return;
    } catch (error) {
      if (attempt >= 10)
        throw new Error(`${screen.name} never showed its content`, { cause: error });
      await page.reload();
    }
  }
}
