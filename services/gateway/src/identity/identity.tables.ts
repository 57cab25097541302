import type { ColumnType, Generated } from 'kysely';
import type { Locale, Role, SignupPolicy, UserStatus } from '@outloud/contracts';

/** Row types of schema `identity`, in camelCase (the database plugin maps to snake_case). */
export interface UsersTable {
  id: Generated<string>;
  email: string;
  handle: string;
  displayName: string;
  /** Null for people who only sign in through single sign-on. */
  passwordHash: string | null;
  roles: ColumnType<Role[], Role[] | undefined, Role[]>;
  createdAt: ColumnType<Date, Date | undefined, never>;
  status: ColumnType<UserStatus, UserStatus | undefined, UserStatus>;
  statusReason: string | null;
  statusChangedAt: Date | null;
  emailVerifiedAt: Date | null;
  /** Admitted by the domain policy: the address must be confirmed before anything else. */
  verificationRequired: ColumnType<boolean, boolean | undefined, boolean>;
  bio: ColumnType<string, string | undefined, string>;
  title: ColumnType<string, string | undefined, string>;
  team: ColumnType<string, string | undefined, string>;
  timeZone: string | null;
  skills: ColumnType<string[], string[] | undefined, string[]>;
  avatarKey: string | null;
  lastSeenAt: Date | null;
  /** The language chosen for the interface and emails; null follows the browser. */
  locale: Locale | null;
  /** The supported language the browser last asked for (`Accept-Language`); null: none yet. */
  browserLocale: Locale | null;
  /** When `browserLocale` was last written. */
  browserLocaleAt: Date | null;
}

export interface SessionsTable {
  id: string;
  userId: string;
  csrfToken: string;
  createdAt: ColumnType<Date, Date | undefined, never>;
  expiresAt: Date;
  lastSeenAt: ColumnType<Date, Date | undefined, Date>;
  userAgent: string | null;
  /** How the session was started: `password`, `setup`, `reset` or `oidc:<provider>`. */
  method: ColumnType<string, string | undefined, string>;
}

export interface ApiTokensTable {
  id: Generated<string>;
  userId: string;
  name: string;
  tokenHash: string;
  createdAt: ColumnType<Date, Date | undefined, never>;
  lastUsedAt: ColumnType<Date | null, Date | null | undefined, Date | null>;
  expiresAt: Date | null;
}

export interface LoginFailuresTable {
  id: Generated<number>;
  key: string;
  at: ColumnType<Date, Date | undefined, never>;
}

export type OneTimePurpose = 'setup' | 'verify_email' | 'reset_password';

export interface OneTimeTokensTable {
  id: Generated<string>;
  purpose: OneTimePurpose;
  tokenHash: string;
  userId: string | null;
  email: string | null;
  createdAt: ColumnType<Date, Date | undefined, never>;
  expiresAt: Date;
  usedAt: Date | null;
}

export interface InvitationsTable {
  id: Generated<string>;
  email: string;
  roles: ColumnType<Role[], Role[] | undefined, Role[]>;
  channelIds: ColumnType<string[], string[] | undefined, string[]>;
  tokenHash: string;
  invitedBy: string | null;
  createdAt: ColumnType<Date, Date | undefined, never>;
  expiresAt: Date;
  acceptedAt: Date | null;
  acceptedBy: string | null;
  revokedAt: Date | null;
}

export interface SettingsTable {
  id: ColumnType<boolean, boolean | undefined, never>;
  signup: SignupPolicy;
  allowedDomains: string[];
  passwordLogin: boolean;
  updatedAt: Date;
}

export interface AuditLogTable {
  id: Generated<string>;
  actorId: string | null;
  actorHandle: string;
  action: string;
  targetType: string;
  targetId: string | null;
  targetLabel: string | null;
  details: ColumnType<Record<string, unknown>, string | undefined, never>;
  at: ColumnType<Date, Date | undefined, never>;
}

export interface OidcLinksTable {
  provider: string;
  subject: string;
  userId: string;
  email: string | null;
  createdAt: ColumnType<Date, Date | undefined, never>;
}

export interface OidcLoginsTable {
  id: string;
  provider: string;
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string | null;
  createdAt: ColumnType<Date, Date | undefined, never>;
  expiresAt: Date;
}

export interface EmailsTable {
  id: Generated<string>;
  purpose: string;
  toAddress: string;
  subject: string;
  text: string | null;
  html: string | null;
  link: string | null;
  createdAt: ColumnType<Date, Date | undefined, never>;
  nextAttemptAt: ColumnType<Date, Date | undefined, Date>;
  attempts: ColumnType<number, number | undefined, number>;
  sentAt: Date | null;
  lastError: string | null;
}

export interface IdentityDatabase {
  'identity.users': UsersTable;
  'identity.sessions': SessionsTable;
  'identity.apiTokens': ApiTokensTable;
  'identity.loginFailures': LoginFailuresTable;
  'identity.oneTimeTokens': OneTimeTokensTable;
  'identity.invitations': InvitationsTable;
  'identity.settings': SettingsTable;
  'identity.auditLog': AuditLogTable;
  'identity.oidcLinks': OidcLinksTable;
  'identity.oidcLogins': OidcLoginsTable;
  'identity.emails': EmailsTable;
}
