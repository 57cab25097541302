import { afterEach, describe, expect, it } from 'vitest';
import { setLocale } from '../i18n';
import { pageTitle } from './page-title';

describe('pageTitle', () => {
  afterEach(async () => {
    await setLocale('en');
  });

  it('names the page and puts the unread count first', () => {
    expect(pageTitle({ name: 'home' }, 0)).toBe('Outloud');
    expect(pageTitle({ name: 'notifications' }, 3)).toBe('(3) Notifications · Outloud');
    expect(pageTitle({ name: 'search', q: 'sql', kind: null, tag: null }, 0)).toBe(
      'Search: sql · Outloud',
    );
    expect(pageTitle({ name: 'home' }, 250)).toBe('(99+) Outloud');
  });

  it('speaks the app language', async () => {
    await setLocale('de');
    expect(pageTitle({ name: 'signin' }, 0)).toBe('Anmelden · Outloud');
    expect(pageTitle({ name: 'settings' }, 2)).toBe('(2) Einstellungen · Outloud');
    expect(pageTitle({ name: 'user', handle: 'ada' }, 0)).toBe('@ada · Outloud');
  });
});
