/**
 * Screenshots of every main page at a desktop and a phone width, for the README's "Web app"
 * section: `pnpm screenshots` (builds the web app first). Starts its own stack on a fresh
 * database, fills it with a small, realistic team, and writes `docs/screenshots/<page>-<width>.png`.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Channel, ChannelList, Post } from '@outloud/contracts';
import type { Browser, BrowserContext } from 'playwright-core';
import { startBenchStack } from '../bench/bench-stack.js';
import { ApiClient } from '../support/api-client.js';
import { launchChromium } from '../support/browser.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const outDir = path.join(root, 'docs', 'screenshots');

const widths = [
  { name: 'desktop', viewport: { width: 1280, height: 800 } },
  { name: 'phone', viewport: { width: 390, height: 844 } },
] as const;

interface Team {
  admin: ApiClient;
  people: ApiClient[];
  channels: Record<'general' | 'engineering' | 'design', Channel>;
  question: Post;
}

async function ok<T>(call: Promise<{ status: number; body: T }>, what: string): Promise<T> {
  const result = await call;
  if (result.status >= 300)
    throw new Error(`${what}: ${result.status} ${JSON.stringify(result.body)}`);
  return result.body;
}

/** A small team with a week of activity: channels, tips, a question with answers, a goal. */
async function seed(url: string, setupToken: string): Promise<Team> {
  const admin = new ApiClient(url);
  await admin.setup(setupToken, { handle: 'dana', displayName: 'Dana Whitfield' });
  const names: [string, string][] = [
    ['sam', 'Sam Okafor'],
    ['priya', 'Priya Raman'],
    ['jonas', 'Jonas Becker'],
  ];
  const people: ApiClient[] = [];
  for (const [handle, displayName] of names) {
    const person = new ApiClient(url);
    await person.register({ handle, displayName });
    people.push(person);
  }
  const [sam, priya, jonas] = people as [ApiClient, ApiClient, ApiClient];
  const list = await ok(admin.request<ChannelList>('GET', '/channels'), 'channels');
  const general = list.items.find((channel) => channel.slug === 'general')!;
  const create = async (slug: string, name: string, description: string) =>
    (
      await ok(
        admin.request<{ channel: Channel }>('POST', '/channels', {
          slug,
          name,
          description,
          visibility: 'public',
        }),
        `channel ${slug}`,
      )
    ).channel;
  const engineering = await create('engineering', 'Engineering', 'Code, reviews and tooling');
  const design = await create('design', 'Design', 'Research, UI and accessibility');
  for (const person of people) {
    for (const channel of [engineering, design]) {
      await ok(person.request('POST', `/channels/${channel.id}/join`), 'join');
    }
  }
  await ok(
    admin.request('PATCH', '/me', { skills: ['postgres', 'onboarding'], title: 'L&D lead' }),
    'profile',
  );
  await ok(
    sam.request('PATCH', '/me', { skills: ['postgres', 'typescript'], title: 'Backend engineer' }),
    'profile',
  );
  const post = async (author: ApiClient, body: Record<string, unknown>) =>
    (await ok(author.request<{ post: Post }>('POST', '/posts', body), 'post')).post;
  await post(admin, {
    channelId: general.id,
    kind: 'announcement',
    title: 'Learning week starts Monday',
    body: 'Share one thing you learned each day this week. Short tips count!',
    tags: ['onboarding'],
  });
  const tip = await post(sam, {
    channelId: engineering.id,
    kind: 'tip',
    title: 'Find slow queries with pg_stat_statements',
    body: 'Turn it on once and ask Postgres which statements cost the most:\n\n```sql\nselect query, calls, mean_exec_time\nfrom pg_stat_statements\norder by mean_exec_time desc\nlimit 10;\n```\n\nThen `explain (analyze, buffers)` the worst one.',
    tags: ['postgres', 'performance'],
  });
  const question = await post(priya, {
    channelId: engineering.id,
    kind: 'question',
    title: 'How do we page through a large table without OFFSET?',
    body: 'Our admin list gets slower on every page. What do you use instead of `offset`?',
    tags: ['postgres'],
  });
  await post(jonas, {
    channelId: design.id,
    kind: 'tip',
    title: 'Check contrast before the review, not after',
    body: 'The browser dev tools show the contrast ratio in the colour picker. Aim for 4.5:1 for body text.',
    tags: ['accessibility'],
  });
  const answer = await ok(
    sam.request<{ answer: { id: string } }>('POST', `/posts/${question.id}/answers`, {
      body: 'Use keyset pagination: remember the last `(created_at, id)` you showed and ask for rows after it, with an index on both columns.',
    }),
    'answer',
  );
  await ok(priya.request('POST', `/answers/${answer.answer.id}/accept`), 'accept');
  await ok(
    jonas.request('POST', `/posts/${question.id}/answers`, {
      body: 'Same here; we wrapped it in a tiny cursor helper so every list does it alike.',
    }),
    'answer',
  );
  for (const person of [admin, priya, jonas]) {
    await ok(person.request('PUT', `/posts/${tip.id}/vote`, { value: 1 }), 'vote');
  }
  await ok(
    admin.request('POST', '/goals', {
      title: 'Run our first learning week',
      why: 'Make sharing a habit across the teams.',
      tags: ['onboarding'],
    }),
    'goal',
  );
  await ok(
    admin.request('POST', '/log', {
      learned: 'Short daily prompts get more replies than one long survey.',
      tried: 'Posted the first prompt in #general.',
    }),
    'log',
  );
  return { admin, people, channels: { general, engineering, design }, question };
}

/** A browser context signed in as `person` (the session cookie of the API client). */
async function signedIn(
  browser: Browser,
  url: string,
  person: ApiClient,
  viewport: { width: number; height: number },
): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport, locale: 'en-US', colorScheme: 'light' });
  const [name, value] = person.cookie.split('=', 2) as [string, string];
  await context.addCookies([{ name, value, url }]);
  return context;
}

async function main(): Promise<void> {
  await mkdir(outDir, { recursive: true });
  const stack = await startBenchStack({
    databaseUrl:
      process.env.SCREENSHOTS_DATABASE_URL ??
      'postgres://postgres:postgres@127.0.0.1:5432/outloud_screenshots',
    prefix: 'shots',
    freshDatabase: true,
  });
  let browser: Browser | undefined;
  try {
    if (!stack.setupToken) throw new Error('the new instance printed no setup link');
    const team = await seed(stack.url, stack.setupToken);
    browser = await launchChromium();
    const pages: [name: string, hash: string][] = [
      ['home', '#/'],
      ['channel', `#/channels/${team.channels.engineering.id}`],
      ['post', `#/posts/${team.question.id}`],
      ['search', '#/search?q=postgres'],
      ['experts', '#/experts?topic=postgres'],
      ['profile', '#/users/sam'],
      ['channels', '#/channels'],
      ['notifications', '#/notifications'],
      ['goals', '#/goals'],
      ['settings', '#/settings'],
      ['admin', '#/admin'],
    ];
    for (const { name: width, viewport } of widths) {
      const context = await signedIn(browser, stack.url, team.admin, viewport);
      const page = await context.newPage();
      for (const [name, hash] of pages) {
        await page.goto(`${stack.url}/${hash}`);
        await page.waitForLoadState('networkidle');
        // Let live data and fonts settle so the picture shows the page, not its skeleton.
        await page.waitForTimeout(600);
        await page.screenshot({ path: path.join(outDir, `${name}-${width}.png`) });
      }
      await context.close();
      const signedOut = await browser.newContext({ viewport, locale: 'en-US' });
      const signIn = await signedOut.newPage();
      await signIn.goto(`${stack.url}/#/signin`);
      await signIn.waitForLoadState('networkidle');
      await signIn.screenshot({ path: path.join(outDir, `signin-${width}.png`) });
      await signedOut.close();
    }
    console.log(`Screenshots written to ${path.relative(root, outDir)}/`);
  } finally {
    await browser?.close();
    await stack.stop();
  }
}

await main();
