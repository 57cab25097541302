import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Channel } from '@outloud/contracts';
import { startMailCatcher, type MailCatcher } from '@outloud/testkit';
import { ApiClient } from '../support/api-client.js';
import { launchChromium, openSignedIn, seriousA11yViolations } from '../support/browser.js';
import { startTestStack, type TestStack } from '../support/stack.js';

describe('inviting people by email', () => {
  let catcher: MailCatcher;
  let world: TestStack;
  let browser: Browser;
  let admin: ApiClient;

  beforeAll(async () => {
    catcher = await startMailCatcher();
    world = await startTestStack({ buildWeb: true, env: { SMTP_URL: catcher.url } });
    browser = await launchChromium();
    admin = new ApiClient(world.url);
    await admin.setup(world.stack.setupToken!);
  });

  afterAll(async () => {
    await browser?.close();
    await world?.[Symbol.asyncDispose]();
    await catcher?.close();
  });

  /** A page signed in with the API client's session. */
  const signedIn = (client: ApiClient): Promise<Page> => openSignedIn(browser, world.url, client);

  it('sends a real email whose link signs the person up into the preset channel', async () => {
    const room = await admin.request<{ channel: Channel }>('POST', '/channels', {
      slug: `room-${randomBytes(3).toString('hex')}`,
      name: 'Onboarding room',
      visibility: 'private',
    });
    expect(room.status).toBe(201);
    const email = `new.${randomBytes(4).toString('hex')}@example.test`;

    // The admin pastes a CSV export; the address is picked out of it.
    const page = await signedIn(admin);
    await page.goto(`${world.url}/#/admin/invitations`);
    await page
      .getByLabel('Email addresses')
      .fill(`Name,Email,Team\r\n"New, Person",${email.toUpperCase()},Support\r\n`);
    await page.getByText('1 address found.').waitFor();
    await page.getByRole('checkbox', { name: '#Onboarding room (private)' }).check();
    await page.getByRole('button', { name: 'Send invitations' }).click();
    await page.getByText('Invited 1 person.').waitFor();
    const listed = page.getByRole('list', { name: 'Invitations' }).getByRole('listitem');
    await listed.filter({ hasText: email }).getByText('Pending').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);

    const mail = await catcher.waitFor((m) => m.to.includes(email));
    expect(mail.subject).toContain(admin.user!.displayName);
    const link = catcher.linksIn(mail).find((l) => l.includes('#/invite?token='));
    expect(link).toBeDefined();

    // A fresh browser, as the invited person opening their email.
    const invited = await (await browser.newContext()).newPage();
    await invited.goto(link!);
    await invited.getByText(`You were invited as ${email}`).waitFor();
    await invited.getByLabel('Password').fill('correct horse battery');
    await invited.getByLabel('Display name').fill('New Person');
    await invited.getByLabel('Handle').fill(`new_${randomBytes(4).toString('hex')}`);
    await invited.getByRole('button', { name: 'Create my account' }).click();
    await invited.getByLabel('Title').waitFor();

    // Signed in, and a member of the private channel the invitation named.
    await invited.goto(`${new URL(link!).origin}/#/channels/${room.body.channel.id}`);
    await invited.getByRole('heading', { name: 'Onboarding room' }).waitFor();
    const members = await admin.request<{ items: { user: { handle: string } }[] }>(
      'GET',
      `/channels/${room.body.channel.id}/members`,
    );
    expect(members.body.items.map((m) => m.user.handle)).toHaveLength(2);

    // The link works once.
    const again = await (await browser.newContext()).newPage();
    await again.goto(link!);
    await again.getByText(/already used, was withdrawn or has expired/).waitFor();
  });
});
