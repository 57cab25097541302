import Type from 'typebox';
import { Id, Limits, Tag, Timestamp } from '../common.js';
import { Locale, ProfileLimits, User } from './identity.js';

/** How people may sign in here (`GET /auth/providers`, public). */
export const AuthProviders = Type.Object({
  password: Type.Boolean(),
  oidc: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
  /** Whether anyone may create an account without an invitation (open or domain policy). */
  signup: Type.Optional(
    Type.Union([Type.Literal('open'), Type.Literal('domain'), Type.Literal('invite')]),
  ),
});
export type AuthProviders = Type.Static<typeof AuthProviders>;

const Email = Type.String({ format: 'email', maxLength: 254 });
const NewPassword = Type.String({ minLength: Limits.passwordMin, maxLength: 200 });
const OneTimeToken = Type.String({ minLength: 1, maxLength: 200 });

export const ForgotPasswordBody = Type.Object({ email: Email }, { additionalProperties: false });
export type ForgotPasswordBody = Type.Static<typeof ForgotPasswordBody>;

export const ResetPasswordBody = Type.Object(
  { token: OneTimeToken, password: NewPassword },
  { additionalProperties: false },
);
export type ResetPasswordBody = Type.Static<typeof ResetPasswordBody>;

export const VerifyEmailBody = Type.Object(
  { token: OneTimeToken },
  { additionalProperties: false },
);
export type VerifyEmailBody = Type.Static<typeof VerifyEmailBody>;

export const ChangePasswordBody = Type.Object(
  {
    currentPassword: Type.String({ minLength: 1, maxLength: 200 }),
    newPassword: NewPassword,
  },
  { additionalProperties: false },
);
export type ChangePasswordBody = Type.Static<typeof ChangePasswordBody>;

/** `POST /auth/setup`: the one-time link printed at first start creates the first admin. */
export const SetupBody = Type.Object(
  {
    token: OneTimeToken,
    email: Email,
    password: NewPassword,
    displayName: Type.String({ minLength: 1, maxLength: ProfileLimits.displayNameMax }),
    handle: Type.String({ pattern: Limits.handlePattern }),
  },
  { additionalProperties: false },
);
export type SetupBody = Type.Static<typeof SetupBody>;

export const SessionSummary = Type.Object({
  id: Type.String(),
  createdAt: Timestamp,
  lastSeenAt: Timestamp,
  userAgent: Type.Union([Type.String(), Type.Null()]),
  current: Type.Boolean(),
  /** `password`, `setup`, `reset` or `oidc:<provider>`. */
  method: Type.Optional(Type.String()),
});
export type SessionSummary = Type.Static<typeof SessionSummary>;
export const SessionList = Type.Object({ items: Type.Array(SessionSummary) });
export type SessionList = Type.Static<typeof SessionList>;

export const TokenSummary = Type.Object({
  id: Id,
  name: Type.String(),
  createdAt: Timestamp,
  lastUsedAt: Type.Union([Timestamp, Type.Null()]),
  expiresAt: Type.Union([Timestamp, Type.Null()]),
});
export type TokenSummary = Type.Static<typeof TokenSummary>;

export const UpdateProfileBody = Type.Object(
  {
    displayName: Type.Optional(
      Type.String({ minLength: 1, maxLength: ProfileLimits.displayNameMax }),
    ),
    bio: Type.Optional(Type.String({ maxLength: ProfileLimits.bioMax })),
    title: Type.Optional(Type.String({ maxLength: ProfileLimits.titleMax })),
    team: Type.Optional(Type.String({ maxLength: ProfileLimits.teamMax })),
    /** An IANA time zone such as `Europe/Berlin`, or null to follow the browser. */
    timeZone: Type.Optional(
      Type.Union([
        Type.String({ minLength: 1, maxLength: ProfileLimits.timeZoneMax }),
        Type.Null(),
      ]),
    ),
    skills: Type.Optional(
      Type.Array(Tag, { maxItems: ProfileLimits.skillsMax, uniqueItems: true }),
    ),
    /** The interface and email language (`en`, `de`), or null to follow the browser. */
    locale: Type.Optional(Type.Union([Locale, Type.Null()])),
  },
  { additionalProperties: false },
);
export type UpdateProfileBody = Type.Static<typeof UpdateProfileBody>;

export const UserResponse = Type.Object({ user: User });
export type UserResponse = Type.Static<typeof UserResponse>;
