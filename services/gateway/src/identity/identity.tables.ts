import type { ColumnType, Generated } from 'kysely';
import type { Role } from '@outloud/contracts';

/** Row types of schema `identity`, in camelCase (the database plugin maps to snake_case). */
export interface UsersTable {
  id: Generated<string>;
  email: string;
  handle: string;
  displayName: string;
  passwordHash: string;
  roles: ColumnType<Role[], Role[] | undefined, Role[]>;
  createdAt: ColumnType<Date, Date | undefined, never>;
}

export interface SessionsTable {
  id: string;
  userId: string;
  csrfToken: string;
  createdAt: ColumnType<Date, Date | undefined, never>;
  expiresAt: Date;
  lastSeenAt: ColumnType<Date, Date | undefined, Date>;
}

export interface ApiTokensTable {
  id: Generated<string>;
  userId: string;
  name: string;
  tokenHash: string;
  createdAt: ColumnType<Date, Date | undefined, never>;
  lastUsedAt: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface LoginFailuresTable {
  id: Generated<number>;
  key: string;
  at: ColumnType<Date, Date | undefined, never>;
}

export interface IdentityDatabase {
  'identity.users': UsersTable;
  'identity.sessions': SessionsTable;
  'identity.apiTokens': ApiTokensTable;
  'identity.loginFailures': LoginFailuresTable;
}
