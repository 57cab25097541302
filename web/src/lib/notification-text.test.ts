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
    // Expert requests, reviews and moderation come from Outloud itself, so they name nobody.
    const aboutSomeone = new Set([
      'mention',
      'answer',
      'accepted',
      'reply',
      'followed_post',
      'announcement',
    ]);
    for (const type of NOTIFICATION_TYPES) {
      const text = notificationText(notification({ type }));
      expect(text).toContain('“SQL tips”');
      if (aboutSomeone.has(type)) expect(text).toContain('Ada Lovelace');
      expect(text).not.toContain('notifications.');
    }
  });
});

describe('notificationText for expert requests, reviews and moderation', () => {
  const question = {
    id: 'p1',
    title: 'Vault unseal keys?',
    kind: 'question' as const,
    channelId: 'c1',
  };

  it('asks a likely expert, and escalates to owners when nobody answered', () => {
    expect(
      notificationText(
        notification({ type: 'expert_request', post: question, detail: { action: 'expert' } }),
      ),
    ).toBe('A question waits for someone who knows its topic: “Vault unseal keys?”');
    expect(
      notificationText(
        notification({ type: 'expert_request', post: question, detail: { action: 'escalation' } }),
      ),
    ).toBe('Nobody has answered “Vault unseal keys?” yet: can you find someone who knows?');
  });

  it('asks whether a tip or an accepted answer is still true', () => {
    expect(notificationText(notification({ type: 'review_due' }))).toBe(
      'Still true? Your tip “SQL tips” is due for review',
    );
    expect(notificationText(notification({ type: 'review_due', post: question }))).toBe(
      'Still true? Your accepted answer on “Vault unseal keys?” is due for review',
    );
  });

  it("tells the author what a moderator did and why, naming an answer or a tip's comment", () => {
    const hidden = { action: 'hide', reason: 'Advertising' };
    expect(notificationText(notification({ type: 'flag_resolved', detail: hidden }))).toBe(
      'A moderator hid your post “SQL tips”: Advertising',
    );
    expect(
      notificationText(
        notification({ type: 'flag_resolved', answerId: 'a1', post: question, detail: hidden }),
      ),
    ).toBe('A moderator hid your answer on “Vault unseal keys?”: Advertising');
    expect(
      notificationText(
        notification({
          type: 'flag_resolved',
          answerId: 'a1',
          detail: { action: 'delete', reason: 'Abuse' },
        }),
      ),
    ).toBe('A moderator deleted your comment on “SQL tips”: Abuse');
  });

  it('tells without a reason in words that fit both the author and those who flagged it', () => {
    expect(
      notificationText(notification({ type: 'flag_resolved', detail: { action: 'hide' } })),
    ).toBe('A moderator hid “SQL tips”');
    expect(
      notificationText(
        notification({ type: 'flag_resolved', detail: { action: 'dismiss', reason: ' ' } }),
      ),
    ).toBe('A moderator looked at your flag on “SQL tips” and left it as it is');
    // An action this version does not know: the general sentence.
    expect(
      notificationText(notification({ type: 'flag_resolved', detail: { action: 'merge' } })),
    ).toBe('A moderator reviewed “SQL tips”');
  });

  it('speaks German', async () => {
    await setLocale('de');
    expect(
      notificationText(
        notification({ type: 'flag_resolved', detail: { action: 'lock', reason: 'Erledigt' } }),
      ),
    ).toBe('Die Moderation hat deinen Thread „SQL tips“ gesperrt: Erledigt');
    expect(notificationText(notification({ type: 'review_due' }))).toBe(
      'Stimmt das noch? Dein Tipp „SQL tips“ ist zur Prüfung fällig',
    );
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
