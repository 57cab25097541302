import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { solidPng } from '@outloud/testkit';
import { launchChromium, signUp } from '../support/browser.js';
import { startTestStack, type TestStack } from '../support/stack.js';

const UPLOAD_URL = /\/api\/v1\/uploads\/[0-9a-f-]{36}/;

/** Pastes a PNG into the focused field as a screenshot tool would (a file on the clipboard). */
async function pastePng(page: Page, base64: string, name: string): Promise<void> {
  // A string, evaluated in the page: these tests are typed without the DOM library.
  await page.evaluate(`(() => {
    const bytes = Uint8Array.from(atob(${JSON.stringify(base64)}), (c) => c.charCodeAt(0));
    const data = new DataTransfer();
    data.items.add(new File([bytes], ${JSON.stringify(name)}, { type: 'image/png' }));
    document.activeElement.dispatchEvent(
      new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
    );
  })()`);
}

describe('images and files in posts', () => {
  let world: TestStack;
  let browser: Browser;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    world = await startTestStack({ buildWeb: true });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await world?.[Symbol.asyncDispose]();
  });

  it('pastes an image and attaches a file in the composer; another member sees both', async () => {
    const stamp = Date.now().toString(36);
    const writer = await (await browser.newContext()).newPage();
    const reader = await (await browser.newContext()).newPage();
    for (const page of [writer, reader]) {
      page.on('pageerror', (error) => pageErrors.push(String(error)));
      // A refused upload or an image blocked by the security policy would show up here.
      page.on('response', (response) => {
        if (response.url().includes('/api/v1/uploads') && response.status() >= 400)
          pageErrors.push(`${response.status()} ${response.url()}`);
      });
      page.on('console', (message) => {
        if (message.text().includes('Content Security Policy')) pageErrors.push(message.text());
      });
    }
    await signUp(writer, world.url, `shooter${stamp}`);
    await signUp(reader, world.url, `viewer${stamp}`);

    const title = `Our dashboard ${stamp}`;
    await writer.getByLabel('Title').fill(title);
    const body = writer.getByLabel('Body');
    await body.fill('This week: ');
    await body.focus();
    await pastePng(writer, solidPng(40, 30, [20, 120, 220]).toString('base64'), 'dashboard.png');
    await expect
      .poll(() => body.inputValue(), { timeout: 15_000 })
      .toMatch(/^This week: !\[dashboard\]\(\/api\/v1\/uploads\/[0-9a-f-]{36}\)$/);

    // The Attach button opens a file picker; the file becomes a download link at the caret.
    const chooser = writer.waitForEvent('filechooser');
    await writer.getByRole('button', { name: 'Attach an image or file' }).click();
    await (
      await chooser
    ).setFiles({
      name: 'agenda.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n%%EOF\n', 'latin1'),
    });
    await expect
      .poll(() => body.inputValue(), { timeout: 15_000 })
      .toMatch(/\[agenda\.pdf\]\(\/api\/v1\/uploads\/[0-9a-f-]{36}\)$/);
    // The preview shows the picture already.
    await writer
      .getByRole('region', { name: 'Preview' })
      .getByRole('img', { name: 'dashboard' })
      .waitFor();
    await writer.getByRole('button', { name: 'Post' }).click();
    await writer
      .getByRole('list', { name: 'Feed' })
      .getByRole('heading', { name: title })
      .waitFor();

    await reader.reload();
    const item = reader
      .getByRole('list', { name: 'Feed' })
      .getByRole('listitem')
      .filter({ hasText: title });
    const image = item.getByRole('img', { name: 'dashboard' });
    await image.waitFor();
    expect(await image.getAttribute('src')).toMatch(UPLOAD_URL);
    // Loaded, not blocked: the reader may see it and the policy allows our upload path.
    await expect
      .poll(() =>
        image.evaluate((element: unknown) => {
          const img = element as { complete: boolean; naturalWidth: number };
          return img.complete ? img.naturalWidth : 0;
        }),
      )
      .toBe(40);
    const link = item.getByRole('link', { name: 'agenda.pdf' });
    expect(await link.getAttribute('href')).toMatch(UPLOAD_URL);
    const download = reader.waitForEvent('download');
    await link.click();
    expect((await download).suggestedFilename()).toBe('agenda.pdf');
    expect(pageErrors).toEqual([]);
  });

  it('says clearly when a file cannot be attached, and leaves no placeholder behind', async () => {
    const stamp = Date.now().toString(36);
    const page = await (await browser.newContext()).newPage();
    await signUp(page, world.url, `refused${stamp}`);
    await page.getByLabel('Title').fill('Something to share');
    const body = page.getByLabel('Body');
    await body.fill('Before');
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Attach an image or file' }).click();
    await (
      await chooser
    ).setFiles({
      name: 'setup.exe',
      mimeType: 'application/octet-stream',
      buffer: Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00]),
    });
    await page.getByRole('alert').filter({ hasText: 'setup.exe can’t be attached' }).waitFor();
    expect(await body.inputValue()).toBe('Before');
  });
});
