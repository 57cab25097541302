import { afterEach, describe, expect, it } from 'vitest';
import { setLocale } from '../i18n';
import type { LearningRoute } from './learning';
import { pageTitle } from './page-title';
import { parseRoute, type Route } from './route';

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

  it('names the learning pages instead of calling them missing', async () => {
    const learning = (page: LearningRoute): Route => ({ name: 'learning', page });
    expect(pageTitle(learning({ name: 'goals' }), 0)).toBe('My learning · Outloud');
    expect(pageTitle(learning({ name: 'portfolio', handle: 'ada' }), 0)).toBe(
      'Learning portfolio of @ada · Outloud',
    );
    expect(pageTitle(learning({ name: 'challenges' }), 0)).toBe('Challenges · Outloud');
    expect(pageTitle(learning({ name: 'challenge', id: 'c1' }), 1)).toBe('(1) Challenge · Outloud');
    expect(pageTitle(learning({ name: 'insights' }), 0)).toBe('Team insights · Outloud');
    await setLocale('de');
    expect(pageTitle(learning({ name: 'goals' }), 0)).toBe('Mein Lernen · Outloud');
    expect(pageTitle(learning({ name: 'portfolio', handle: 'ada' }), 0)).toBe(
      'Lernportfolio von @ada · Outloud',
    );
    expect(pageTitle(learning({ name: 'insights' }), 0)).toBe('Team-Einblicke · Outloud');
  });

  it('still calls an unknown address missing', () => {
    expect(pageTitle(parseRoute('#/nowhere'), 0)).toBe('Page not found · Outloud');
  });

  it('speaks the app language', async () => {
    await setLocale('de');
    expect(pageTitle({ name: 'signin' }, 0)).toBe('Anmelden · Outloud');
    expect(pageTitle({ name: 'settings' }, 2)).toBe('(2) Einstellungen · Outloud');
    expect(pageTitle({ name: 'user', handle: 'ada' }, 0)).toBe('@ada · Outloud');
  });
});
