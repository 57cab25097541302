import { ROLES, type Actor, type Role, type User } from '@outloud/contracts';

/** The columns of a user that may leave the gateway (never the email or password hash). */
export interface UserRow {
  id: string;
  handle: string;
  displayName: string;
  roles: Role[];
  createdAt: Date;
}

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    handle: row.handle,
    displayName: row.displayName,
    roles: normalizeRoles(row.roles),
    createdAt: row.createdAt.toISOString(),
  };
}

export function toActor(row: UserRow): Actor {
  return {
    id: row.id,
    handle: row.handle,
    displayName: row.displayName,
    roles: normalizeRoles(row.roles),
  };
}

/** Roles as stored: `member` always included, no duplicates, in catalogue order. */
export function normalizeRoles(roles: readonly Role[]): Role[] {
  const wanted = new Set<Role>([...roles, 'member']);
  return ROLES.filter((role) => wanted.has(role));
}

/** The first user of an instance administers it. */
export function initialRoles(isFirstUser: boolean): Role[] {
  return isFirstUser ? ['member', 'admin'] : ['member'];
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
