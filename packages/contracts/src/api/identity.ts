import Type from 'typebox';
import { Id, Limits, Role, Timestamp } from '../common.js';

export const User = Type.Object({
  id: Id,
  handle: Type.String(),
  displayName: Type.String(),
  roles: Type.Array(Role),
  createdAt: Timestamp,
});
export type User = Type.Static<typeof User>;

export const RegisterBody = Type.Object(
  {
    email: Type.String({ format: 'email', maxLength: 254 }),
    password: Type.String({ minLength: Limits.passwordMin, maxLength: 200 }),
    displayName: Type.String({ minLength: 1, maxLength: 80 }),
    handle: Type.String({ pattern: Limits.handlePattern }),
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
  { name: Type.String({ minLength: 1, maxLength: 100 }) },
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
  { roles: Type.Array(Role, { minItems: 1, maxItems: 4, uniqueItems: true }) },
  { additionalProperties: false },
);
export type UpdateRolesBody = Type.Static<typeof UpdateRolesBody>;
