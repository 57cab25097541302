import Type from 'typebox';
import { Id, Page, PageQuery, Role, Timestamp } from '../common.js';
import { UserStatus } from './identity.js';

export const SignupPolicy = Type.Union([
  Type.Literal('open'),
  Type.Literal('domain'),
  Type.Literal('invite'),
]);
export type SignupPolicy = Type.Static<typeof SignupPolicy>;

/** An email domain such as `example.com` (lowercase, no `@`). */
export const EmailDomain = Type.String({
  minLength: 3,
  maxLength: 253,
  pattern: '^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$',
});

export const InstanceSettings = Type.Object({
  signup: SignupPolicy,
  allowedDomains: Type.Array(EmailDomain, { maxItems: 100, uniqueItems: true }),
  passwordLogin: Type.Boolean(),
});
export type InstanceSettings = Type.Static<typeof InstanceSettings>;
export const SettingsBody = Type.Object(
  {
    signup: SignupPolicy,
    allowedDomains: Type.Array(EmailDomain, { maxItems: 100, uniqueItems: true }),
    passwordLogin: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type SettingsBody = Type.Static<typeof SettingsBody>;
export const SettingsResponse = Type.Object({ settings: InstanceSettings });
export type SettingsResponse = Type.Static<typeof SettingsResponse>;

export const AdminUsersQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 254 })),
    role: Type.Optional(Role),
    status: Type.Optional(UserStatus),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type AdminUsersQuery = Type.Static<typeof AdminUsersQuery>;

export const UserStatusBody = Type.Object(
  { status: UserStatus, reason: Type.Optional(Type.String({ maxLength: 500 })) },
  { additionalProperties: false },
);
export type UserStatusBody = Type.Static<typeof UserStatusBody>;

export const AuditEntry = Type.Object({
  id: Id,
  actor: Type.Object({ id: Type.Union([Id, Type.Null()]), handle: Type.String() }),
  /** e.g. `user.status`, `user.roles`, `settings.update`, `invitation.create`. */
  action: Type.String(),
  target: Type.Object({
    type: Type.String(),
    id: Type.Union([Type.String(), Type.Null()]),
    label: Type.Union([Type.String(), Type.Null()]),
  }),
  details: Type.Record(Type.String(), Type.Unknown()),
  at: Timestamp,
});
export type AuditEntry = Type.Static<typeof AuditEntry>;
export const AuditPage = Page(AuditEntry);
export type AuditPage = Type.Static<typeof AuditPage>;
export const AuditQuery = Type.Object(
  {
    action: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    actorId: Type.Optional(Id),
    format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type AuditQuery = Type.Static<typeof AuditQuery>;

export const InvitationLimits = { emailsMax: 500, validDays: 14 } as const;

export const CreateInvitationsBody = Type.Object(
  {
    emails: Type.Array(Type.String({ format: 'email', maxLength: 254 }), {
      minItems: 1,
      maxItems: InvitationLimits.emailsMax,
    }),
    roles: Type.Optional(Type.Array(Role, { maxItems: 5, uniqueItems: true })),
    channelIds: Type.Optional(Type.Array(Id, { maxItems: 50, uniqueItems: true })),
  },
  { additionalProperties: false },
);
export type CreateInvitationsBody = Type.Static<typeof CreateInvitationsBody>;

export const InvitationStatus = Type.Union([
  Type.Literal('pending'),
  Type.Literal('accepted'),
  Type.Literal('revoked'),
  Type.Literal('expired'),
]);
export type InvitationStatus = Type.Static<typeof InvitationStatus>;

export const Invitation = Type.Object({
  id: Id,
  email: Type.String(),
  roles: Type.Array(Role),
  channelIds: Type.Array(Id),
  status: InvitationStatus,
  invitedBy: Type.Union([Type.Object({ id: Id, handle: Type.String() }), Type.Null()]),
  createdAt: Timestamp,
  expiresAt: Timestamp,
  acceptedAt: Type.Union([Timestamp, Type.Null()]),
});
export type Invitation = Type.Static<typeof Invitation>;
export const CreatedInvitations = Type.Object({
  items: Type.Array(Type.Object({ id: Id, email: Type.String(), expiresAt: Timestamp })),
  /** For admins: addresses left out because they already have an account. */
  skipped: Type.Optional(Type.Array(Type.String())),
});
export type CreatedInvitations = Type.Static<typeof CreatedInvitations>;

/** `GET /invitations/lookup?token=`: what an invitation link offers, before signing up. */
export const InvitationPreview = Type.Object({ email: Type.String(), expiresAt: Timestamp });
export type InvitationPreview = Type.Static<typeof InvitationPreview>;

/** An email Outloud sent or is sending (the admins' outbox page). */
export const OutboxEmail = Type.Object({
  id: Id,
  purpose: Type.String(),
  to: Type.String(),
  subject: Type.String(),
  /** The link the email carries; kept only until it is handed to a mail server. */
  link: Type.Union([Type.String(), Type.Null()]),
  createdAt: Timestamp,
  sentAt: Type.Union([Timestamp, Type.Null()]),
  attempts: Type.Integer(),
  lastError: Type.Union([Type.String(), Type.Null()]),
});
export type OutboxEmail = Type.Static<typeof OutboxEmail>;
export const OutboxPage = Type.Object({
  items: Type.Array(OutboxEmail),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
  /** False when no SMTP server is configured: emails are only logged and listed here. */
  smtp: Type.Boolean(),
});
export type OutboxPage = Type.Static<typeof OutboxPage>;
