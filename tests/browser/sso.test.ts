import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startOidcProvider, type TestOidcProvider } from '@outloud/testkit';
import { launchChromium, scrollsSideways } from '../support/browser.js';
import { startTestStack, type TestStack } from '../support/stack.js';

const CLIENT = { client_id: 'outloud-browser', client_secret: 'browser-test-secret' };

describe('single sign-on in the web app', () => {
  let provider: TestOidcProvider;
  let world: TestStack;
  let browser: Browser;
  /** The app's public address (PUBLIC_URL): the provider sends the browser back there. */
  let appUrl: string;

  beforeAll(async () => {
    provider = await startOidcProvider({
      clients: [],
      accounts: {
        'grace-sub': {
          email: 'grace.hopper@corp.example',
          email_verified: true,
          name: 'Grace Hopper',
          preferred_username: 'grace.hopper',
        },
      },
    });
    world = await startTestStack({
      buildWeb: true,
      env: {
        OIDC_PROVIDERS: 'corp',
        OIDC_CORP_NAME: 'Corp SSO',
        OIDC_CORP_ISSUER: provider.issuer,
        OIDC_CORP_CLIENT_ID: CLIENT.client_id,
        OIDC_CORP_CLIENT_SECRET: CLIENT.client_secret,
      },
    });
    // The stack picks its port as it starts; the client is registered once it is known.
    appUrl = `http://localhost:${world.stack.port}`;
    provider.setClient({
      ...CLIENT,
      redirect_uris: [`${appUrl}/api/v1/auth/oidc/corp/callback`],
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await world?.[Symbol.asyncDispose]();
    await provider?.close();
  });

  it('signs a new person in through the provider and lands on their feed', async () => {
    const page = await (
      await browser.newContext({ viewport: { width: 390, height: 844 } })
    ).newPage();
    await page.goto(`${appUrl}/#/signin`);
    const button = page.getByRole('link', { name: 'Sign in with Corp SSO' });
    await button.waitFor();
    // Password sign-in is on here too, with its way back for a forgotten password.
    await page.getByLabel('Password').waitFor();
    await page.getByRole('link', { name: 'Forgot password?' }).waitFor();
    expect(await scrollsSideways(page)).toBe(false);

    await button.click();
    // The provider's own sign-in page.
    await page.getByPlaceholder('Enter any login').fill('grace-sub');
    await page.getByPlaceholder('and password').fill('anything');
    await page.getByRole('button', { name: 'Sign-in' }).click();

    // Back in Outloud, signed in, on the feed.
    await page.getByLabel('Title').waitFor();
    await page
      .getByRole('list', { name: 'Feed' })
      .or(page.getByText('No posts yet'))
      .first()
      .waitFor();
    expect(new URL(page.url()).origin).toBe(appUrl);
    const me = await page.evaluate<{
      user: { email: string; displayName: string; handle: string };
    }>(`fetch('/api/v1/me').then((r) => r.json())`);
    expect(me.user).toMatchObject({
      email: 'grace.hopper@corp.example',
      displayName: 'Grace Hopper',
      handle: 'grace_hopper',
    });
  });

  it('explains a refused sign-in on the sign-in page', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${appUrl}/#/signin?error=signup_closed`);
    await page.getByRole('alert').filter({ hasText: 'need an invitation' }).waitFor();
    await page.getByRole('link', { name: 'Sign in with Corp SSO' }).waitFor();
  });

  it('offers single sign-on on the sign-up page too', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${appUrl}/#/signup`);
    await page.getByRole('link', { name: 'Sign up with Corp SSO' }).waitFor();
    await page.getByLabel('Handle').waitFor();
  });
});
