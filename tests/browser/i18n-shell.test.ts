import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.js';
import { launchChromium, scrollsSideways, seriousA11yViolations } from '../support/browser.js';
import { startTestStack, type TestStack } from '../support/stack.js';

/** `<html lang>` and the tab's title, as the page shows them now. */
async function documentLanguage(page: Page): Promise<{ lang: string; title: string }> {
  return page.evaluate<{ lang: string; title: string }>(
    '({ lang: document.documentElement.lang, title: document.title })',
  );
}

describe('the shell in the visitor’s language', () => {
  let world: TestStack;
  let browser: Browser;

  beforeAll(async () => {
    world = await startTestStack({ buildWeb: true });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await world?.[Symbol.asyncDispose]();
  });

  it('shows a German browser the sign-in page in German, server errors included', async () => {
    const person = await new ApiClient(world.url).register();
    const context = await browser.newContext({
      locale: 'de-DE',
      viewport: { width: 360, height: 740 },
    });
    const page = await context.newPage();
    await page.goto(`${world.url}/#/signin`);

    await page.getByRole('heading', { name: 'Anmelden' }).waitFor();
    expect(await documentLanguage(page)).toEqual({ lang: 'de', title: 'Anmelden · Outloud' });
    expect(await page.getByRole('link', { name: 'Zum Inhalt springen' }).count()).toBe(1);
    expect(await page.getByLabel('Sprache').inputValue()).toBe('de');

    // The gateway answers in English; the page says it in German.
    await page.getByLabel('E-Mail-Adresse').fill(person.email ?? `${person.handle}@example.test`);
    await page.getByLabel('Passwort', { exact: true }).fill('not the password at all');
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: 'E-Mail-Adresse oder Passwort ist falsch.' })
      .waitFor();
    // Checked in the browser too: empty fields.
    await page.getByLabel('Passwort', { exact: true }).fill('');
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.getByText('Gib dein Passwort ein.').waitFor();

    expect(await scrollsSideways(page)).toBe(false);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await context.close();
  });

  it('switches a signed-out visitor to English, and remembers it after a reload', async () => {
    const context = await browser.newContext({ locale: 'de-DE' });
    const page = await context.newPage();
    await page.goto(`${world.url}/#/signup`);
    await page.getByRole('heading', { name: 'Konto erstellen' }).waitFor();

    await page.getByLabel('Sprache').selectOption('en');
    await page.getByRole('heading', { name: 'Create your account' }).waitFor();
    expect(await documentLanguage(page)).toEqual({ lang: 'en', title: 'Sign up · Outloud' });

    await page.reload();
    await page.getByRole('heading', { name: 'Create your account' }).waitFor();
    expect((await documentLanguage(page)).lang).toBe('en');
    expect(await page.getByLabel('Language').inputValue()).toBe('en');
    expect(await page.getByRole('link', { name: 'Skip to content' }).count()).toBe(1);

    // Other signed-out pages follow the choice too.
    await page.goto(`${world.url}/#/forgot-password`);
    await page.getByRole('heading', { name: 'Forgot your password?' }).waitFor();
    await context.close();
  });
});
