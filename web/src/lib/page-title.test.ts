import { describe, expect, it } from 'vitest';
import { pageTitle } from './page-title';

describe('pageTitle', () => {
  it('names the page and puts the unread count first', () => {
    expect(pageTitle({ name: 'home' }, 0)).toBe('Outloud');
    expect(pageTitle({ name: 'notifications' }, 3)).toBe('(3) Notifications · Outloud');
    expect(pageTitle({ name: 'search', q: 'sql', kind: null, tag: null }, 0)).toBe(
      'Search: sql · Outloud',
    );
    expect(pageTitle({ name: 'home' }, 250)).toBe('(99+) Outloud');
  });
});
