import Type from 'typebox';
import { Id } from '../common.js';
import { UserStatus } from '../api/identity.js';
import { Envelope } from './envelope.js';

/**
 * A person's public face or standing changed (name, picture, status). Services that keep a copy
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
  }),
);
export type UserChangedV1 = Type.Static<typeof UserChangedV1>;

/** Every event identity (the gateway) publishes, by event type, with its subject and schema. */
export const IdentityEvents = {
  'identity.user.changed.v1': { subject: 'evt.identity.user.changed', schema: UserChangedV1 },
} as const;
export type IdentityEventType = keyof typeof IdentityEvents;
export type IdentityEvent = UserChangedV1;
