import type { Role, UserStatus } from '@outloud/contracts';
import type { MessageKey } from '../i18n';

/** How a role is called on screen (a catalog message). */
export function roleLabel(role: Role): MessageKey {
  return `admin.role.${role}`;
}

/** How an account's status is called on screen (a catalog message). */
export function statusLabel(status: UserStatus): MessageKey {
  return `admin.status.${status}`;
}
