import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ApiClient } from '../support/api-client.js';
import { launchChromium, signUp } from '../support/browser.js';
import { startTestStack, type TestStack } from '../support/stack.js';

describe('choosing the language', () => {
  let world: TestStack;
  let browser: Browser;

  beforeAll(async () => {
    world = await startTestStack({ buildWeb: true });
    browser = await launchChromium();
    await new ApiClient(world.url).setup(world.stack.setupToken!);
  });
  afterAll(async () => {
    await browser?.close();
    await world?.[Symbol.asyncDispose]();
  });

  it('shows the interface in German at once and after a reload once Deutsch is chosen', async () => {
    // An English browser: the profile's choice wins over it.
    const page = await (await browser.newContext()).newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    await signUp(page, world.url, `sprache${Date.now().toString(36)}`);
    await page.goto(`${world.url}/#/settings`);
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    await page.getByLabel('Language', { exact: true }).selectOption('de');
    await page.getByRole('button', { name: 'Save profile' }).click();

    await page.getByRole('heading', { name: 'Einstellungen', level: 1 }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('de');
    await expect.poll(() => page.getByLabel('Sprache', { exact: true }).inputValue()).toBe('de');
    // The rest of the settings page follows: sections, buttons, choices built in code.
    await page.getByRole('heading', { name: 'API-Tokens', level: 2 }).waitFor();
    await page.getByRole('button', { name: 'Passwort ändern' }).waitFor();
    await page.getByRole('checkbox', { name: /^Erwähnungen/ }).waitFor();
    expect(await page.getByLabel('Läuft ab').locator('option').allInnerTexts()).toEqual([
      'Nie',
      '30 Tage',
      '90 Tage',
      '1 Jahr',
      'An einem Datum …',
    ]);

    await page.reload();
    await page.getByRole('heading', { name: 'Einstellungen', level: 1 }).waitFor();
    await page.goto(`${world.url}/#/notifications`);
    await page.getByRole('heading', { name: 'Benachrichtigungen', level: 1 }).waitFor();
    await page.getByRole('checkbox', { name: 'Nur ungelesene' }).waitFor();

    // Back to the browser's language.
    await page.goto(`${world.url}/#/settings`);
    await page.getByLabel('Sprache', { exact: true }).selectOption('');
    await page.getByRole('button', { name: 'Profil speichern' }).click();
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    expect(pageErrors).toEqual([]);
  });
});
