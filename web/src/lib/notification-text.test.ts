import { NOTIFICATION_TYPES } from '@outloud/contracts';
import { afterEach, describe, expect, it } from 'vitest';
import { setLocale } from '../i18n';
import { notificationText, notificationTypeLabel } from './notification-text';
import { notificationTypes, type Notification } from './notification-types';

const notification = (overrides: Partial<Notification>): Notification => ({
  id: 'n1',
  type: 'mention',
  postId: 'p1',
  answerId: null,
  actor: { id: 'u1', handle: 'ada', displayName: 'Ada Lovelace' },
  post: { id: 'p1', title: 'SQL tips', kind: 'tip', channelId: 'c1' },
  createdAt: '2026-12-06T10:00:00Z',
  readAt: null,
  ...overrides,
});

afterEach(async () => {
  await setLocale('en');
});

describe('notificationText', () => {
  it('says who did what on which post', () => {
    expect(notificationText(notification({}))).toBe('Ada Lovelace mentioned you in “SQL tips”');
    expect(notificationText(notification({ type: 'accepted' }))).toBe(
      'Ada Lovelace accepted your answer on “SQL tips”',
    );
  });

  it('names nobody when the actor is gone', () => {
    expect(notificationText(notification({ type: 'answer', actor: null }))).toBe(
      'Someone answered “SQL tips”',
    );
  });

  it('speaks German with German quotation marks', async () => {
    await setLocale('de');
    expect(notificationText(notification({ type: 'reply' }))).toBe(
      'Ada Lovelace hat auf „SQL tips“ reagiert',
    );
    expect(notificationText(notification({ type: 'announcement', actor: null }))).toBe(
      'Jemand hat „SQL tips“ angekündigt',
    );
  });

  it('uses the translator it is given (a component passes its reactive one)', () => {
    const seen: unknown[] = [];
    const text = notificationText(notification({ type: 'answer' }), (key, values) => {
      seen.push([key, values]);
      return 'translated';
    });
    expect(text).toBe('translated');
    expect(seen).toEqual([
      ['notifications.text.answer', { who: 'Ada Lovelace', title: 'SQL tips' }],
    ]);
  });

  it('has a sentence for every type of notification', () => {
    for (const type of NOTIFICATION_TYPES) {
      const text = notificationText(notification({ type }));
      expect(text).toContain('Ada Lovelace');
      expect(text).toContain('“SQL tips”');
    }
  });
});

describe('notificationTypeLabel', () => {
  it('names each type and says when it comes, in the app language or through a given translator', async () => {
    expect(notificationTypeLabel('followed_post')).toEqual({
      label: 'Followed posts',
      hint: 'New posts in channels, tags and by people you follow.',
    });
    await setLocale('de');
    expect(notificationTypeLabel('mention')).toEqual({
      label: 'Erwähnungen',
      hint: 'Jemand schreibt deinen @handle.',
    });
    const keys = (key: string) => `[${key}]`;
    expect(notificationTypeLabel('reply', keys)).toEqual({
      label: '[notifications.types.reply.label]',
      hint: '[notifications.types.reply.hint]',
    });
  });
});

describe('notificationTypes', () => {
  it('lists every type the server sends, once', () => {
    expect([...notificationTypes].sort()).toEqual([...NOTIFICATION_TYPES].sort());
  });
});
