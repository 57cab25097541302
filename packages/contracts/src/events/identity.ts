import Type from 'typebox';
import { Id } from '../common.js';
import { Locale, UserStatus } from '../api/identity.js';
import { Envelope } from './envelope.js';

/**
 * A person's public face or standing changed (name, picture, status, language). Services that keep a copy
 * of people (authors in the feed, recipients in notifications, people in search) apply it.
 */
export const UserChangedV1 = Envelope(
  'identity.user.changed.v1',
  Type.Object({
    id: Id,
    handle: Type.String(),
    displayName: Type.String(),
    avatarUrl: Type.Union([Type.String(), Type.Null()]),
    status: UserStatus,
    /**
     * The language the person reads (null: none chosen). Optional within v1: events written
     * before it existed lack it, and consumers then keep what they know.
     */
    locale: Type.Optional(Type.Union([Locale, Type.Null()])),
    /**
     * The best language the person's browser asked for (null: none supported), which their
     * emails use while `locale` is null. Optional within v1 like `locale`.
     */
    browserLocale: Type.Optional(Type.Union([Locale, Type.Null()])),
  }),
);
export type UserChangedV1 = Type.Static<typeof UserChangedV1>;

/**
 * The language of a person's emails: the one they chose, else their browser's, else English.
 * Identity (account emails) and notification (digests) both ask this one rule.
 */
export function emailLocaleOf(person: {
  locale: Locale | null;
  browserLocale: Locale | null;
}): Locale {
  return person.locale ?? person.browserLocale ?? 'en';
}

/** Every event identity (the gateway) publishes, by event type, with its subject and schema. */
export const IdentityEvents = {
  'identity.user.changed.v1': { subject: 'evt.identity.user.changed', schema: UserChangedV1 },
} as const;
export type IdentityEventType = keyof typeof IdentityEvents;
export type IdentityEvent = UserChangedV1;
