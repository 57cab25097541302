import {
  ROLES,
  type Actor,
  type Locale,
  type Role,
  type User,
  type UserStatus,
} from '@outloud/contracts';

/** The columns of a user that may leave the gateway (never the email or password hash). */
export interface UserRow {
  id: string;
  handle: string;
  displayName: string;
  roles: Role[];
  createdAt: Date;
  bio: string;
  title: string;
  team: string;
  timeZone: string | null;
  skills: string[];
  avatarKey: string | null;
  status: UserStatus;
}

/** What admins (and the person themselves) see on top of the public profile. */
export interface PrivateUserRow extends UserRow {
  email: string;
  emailVerifiedAt: Date | null;
  verificationRequired: boolean;
  lastSeenAt: Date | null;
  locale: Locale | null;
}

/** Whether the person must confirm their address before doing anything else. */
export function isVerificationPending(row: {
  verificationRequired: boolean;
  emailVerifiedAt: Date | null;
}): boolean {
  return row.verificationRequired && row.emailVerifiedAt === null;
}

/** Where a stored avatar is served; a new key per upload keeps caches honest. */
export function avatarUrlOf(avatarKey: string | null): string | null {
  return avatarKey ? `/api/v1/avatars/${avatarKey}` : null;
}

/** The public view of a person, as every signed-in colleague sees it. */
export function toUser(row: UserRow): User {
  return {
    id: row.id,
    handle: row.handle,
    displayName: row.displayName,
    roles: normalizeRoles(row.roles),
    createdAt: row.createdAt.toISOString(),
    bio: row.bio,
    title: row.title,
    team: row.team,
    timeZone: row.timeZone,
    skills: row.skills,
    avatarUrl: avatarUrlOf(row.avatarKey),
  };
}

/** The view for admins and for the person's own `GET /me`: status, email, last seen. */
export function toPrivateUser(row: PrivateUserRow): User {
  return {
    ...toUser(row),
    status: row.status,
    email: row.email,
    emailVerified: row.emailVerifiedAt !== null,
    verificationPending: isVerificationPending(row),
    lastSeenAt: row.lastSeenAt?.toISOString() ?? null,
    locale: row.locale,
  };
}

/** Who acts, as requests to the services carry it; `since` lets newcomers' limits skip everyone else. */
export function toActor(row: UserRow): Actor {
  return {
    id: row.id,
    handle: row.handle,
    displayName: row.displayName,
    roles: normalizeRoles(row.roles),
    since: row.createdAt.toISOString(),
  };
}

/** Roles as stored: `member` always included, no duplicates, in catalogue order. */
export function normalizeRoles(roles: readonly Role[]): Role[] {
  const wanted = new Set<Role>([...roles, 'member']);
  return ROLES.filter((role) => wanted.has(role));
}

/** True when the change would leave the instance without any admin. */
export function removesLastAdmin(
  current: readonly Role[],
  next: readonly Role[],
  adminCount: number,
): boolean {
  return current.includes('admin') && !next.includes('admin') && adminCount <= 1;
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
