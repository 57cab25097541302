import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/**
 * On a challenge page just joined: waits for day 1's prompt (the learning service posts prompts
 * shortly after the challenge starts, so the page is reloaded until it shows), answers it and
 * waits for the check-in. `title` is the challenge's title, shown once the page has loaded.
 */
export async function checkInDayOne(page: Page, title: string, response: string): Promise<void> {
  const day1 = page.getByLabel('Your response to day 1');
  await expect
    .poll(
      async () => {
        if (await day1.isVisible()) return true;
        await page.reload();
        await page.getByText(title).waitFor();
        return day1.isVisible();
      },
      { timeout: 20_000 },
    )
    .toBe(true);
  await day1.fill(response);
  await page
    .getByRole('article', { name: 'Day 1' })
    .getByRole('button', { name: 'Respond' })
    .click();
  await page.getByRole('article', { name: 'Day 1' }).getByText('Checked in').waitFor();
}
