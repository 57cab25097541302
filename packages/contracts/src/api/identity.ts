import Type from 'typebox';
import { Id, Limits, Role, Timestamp } from '../common.js';

export const UserStatus = Type.Union([
  Type.Literal('active'),
  Type.Literal('suspended'),
  Type.Literal('deactivated'),
]);
export type UserStatus = Type.Static<typeof UserStatus>;
export const USER_STATUSES = [
  'active',
  'suspended',
  'deactivated',
] as const satisfies readonly UserStatus[];

/** The languages the interface and the emails speak; English is the fallback. */
export const Locale = Type.Union([Type.Literal('en'), Type.Literal('de')]);
export type Locale = Type.Static<typeof Locale>;
export const SUPPORTED_LOCALES = ['en', 'de'] as const satisfies readonly Locale[];

export const ProfileLimits = {
  displayNameMax: 80,
  bioMax: 1_000,
  titleMax: 100,
  teamMax: 100,
  skillsMax: 20,
  timeZoneMax: 64,
  avatarBytesMax: 5 * 1024 * 1024,
} as const;

/**
 * A person. The profile fields are public to signed-in people; `status`, `email` and `lastSeenAt`
 * appear only where admins look (the people directory) and on the person's own `GET /me`.
 */
export const User = Type.Object({
  id: Id,
  handle: Type.String(),
  displayName: Type.String(),
  roles: Type.Array(Role),
  createdAt: Timestamp,
  bio: Type.Optional(Type.String()),
  title: Type.Optional(Type.String()),
  team: Type.Optional(Type.String()),
  timeZone: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  /** Self-declared skills (tags); the expertise contributions prove is reported apart. */
  skills: Type.Optional(Type.Array(Type.String())),
  avatarUrl: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  status: Type.Optional(UserStatus),
  email: Type.Optional(Type.String()),
  emailVerified: Type.Optional(Type.Boolean()),
  /**
   * True while the person, let in by the email-domain policy, has not confirmed their address:
   * until then only `GET /me`, sign-out and the confirmation work (others answer 403
   * `email_unverified`).
   */
  verificationPending: Type.Optional(Type.Boolean()),
  /** On the person's own `GET /me`: false for people who sign in only through single sign-on. */
  hasPassword: Type.Optional(Type.Boolean()),
  lastSeenAt: Type.Optional(Type.Union([Timestamp, Type.Null()])),
  /** On the person's own `GET /me`: the language they chose; null follows the browser. */
  locale: Type.Optional(Type.Union([Locale, Type.Null()])),
});
export type User = Type.Static<typeof User>;

export const RegisterBody = Type.Object(
  {
    email: Type.String({ format: 'email', maxLength: 254 }),
    password: Type.String({ minLength: Limits.passwordMin, maxLength: 200 }),
    displayName: Type.String({ minLength: 1, maxLength: 80 }),
    handle: Type.String({ pattern: Limits.handlePattern }),
    /** From an invitation link: lets the person in whatever the sign-up policy. */
    inviteToken: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type RegisterBody = Type.Static<typeof RegisterBody>;

export const LoginBody = Type.Object(
  {
    email: Type.String({ minLength: 1, maxLength: 254 }),
    password: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);
export type LoginBody = Type.Static<typeof LoginBody>;

export const SessionResponse = Type.Object({ user: User, csrfToken: Type.String() });
export type SessionResponse = Type.Static<typeof SessionResponse>;

export const MeResponse = Type.Object({ user: User });
export type MeResponse = Type.Static<typeof MeResponse>;

export const CreateTokenBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    /** When the token stops working; none means it works until revoked. */
    expiresAt: Type.Optional(Timestamp),
  },
  { additionalProperties: false },
);
export type CreateTokenBody = Type.Static<typeof CreateTokenBody>;

export const CreateTokenResponse = Type.Object({ token: Type.String(), id: Id });
export type CreateTokenResponse = Type.Static<typeof CreateTokenResponse>;

export const UserStats = Type.Object({
  tips: Type.Integer(),
  questions: Type.Integer(),
  answers: Type.Integer(),
  acceptedAnswers: Type.Integer(),
  helpfulVotes: Type.Integer(),
});
export type UserStats = Type.Static<typeof UserStats>;

export const ProfileResponse = Type.Object({
  user: User,
  stats: UserStats,
  topTags: Type.Array(Type.Object({ tag: Type.String(), score: Type.Number() })),
});
export type ProfileResponse = Type.Static<typeof ProfileResponse>;

export const UpdateRolesBody = Type.Object(
  { roles: Type.Array(Role, { minItems: 1, maxItems: 5, uniqueItems: true }) },
  { additionalProperties: false },
);
export type UpdateRolesBody = Type.Static<typeof UpdateRolesBody>;
