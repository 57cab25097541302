import type { InvitationStatus, Role } from '@outloud/contracts';

/** Roles only an admin may hand out through an invitation. */
export const ADMIN_GRANTED_ROLES: readonly Role[] = ['admin', 'moderator'];

/** Addresses as stored and compared: trimmed, lowercase, each once, in the order given. */
export function normalizeInvitees(emails: readonly string[]): string[] {
  return [...new Set(emails.map((email) => email.trim().toLowerCase()).filter(Boolean))];
}

/** Whether someone with `inviterRoles` may invite people with `roles`. */
export function mayGrant(inviterRoles: readonly Role[], roles: readonly Role[]): boolean {
  if (inviterRoles.includes('admin')) return true;
  return !roles.some((role) => ADMIN_GRANTED_ROLES.includes(role));
}

/** Where an invitation stands at `now`. */
export function invitationStatus(
  row: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date },
  now: Date,
): InvitationStatus {
  if (row.acceptedAt !== null) return 'accepted';
  if (row.revokedAt !== null) return 'revoked';
  return row.expiresAt <= now ? 'expired' : 'pending';
}
