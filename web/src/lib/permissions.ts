import type { Channel, Role } from '@outloud/contracts';

/** The signed-in person as far as permissions go. */
export interface Person {
  id: string;
  roles: readonly Role[];
}

/** Roles allowed to post announcements (the server enforces the same rule). */
const announcers: readonly Role[] = ['ld', 'manager', 'admin'];

export function isAdmin(person: Person): boolean {
  return person.roles.includes('admin');
}

/** Admins and managers invite people by email (the server enforces the same rule). */
export function canInvite(person: Person): boolean {
  return person.roles.includes('admin') || person.roles.includes('manager');
}

export function canAnnounce(person: Person): boolean {
  return person.roles.some((role) => announcers.includes(role));
}

/** Moderators and admins work the moderation queue and hide, lock or delete content. */
export function canModerate(person: Person): boolean {
  return person.roles.includes('moderator') || isAdmin(person);
}

/** Owners and admins edit a channel and manage its members. */
export function canManageChannel(person: Person, channel: Pick<Channel, 'ownerId'>): boolean {
  return isAdmin(person) || channel.ownerId === person.id;
}

/** Authors and admins edit and delete posts and answers. */
export function canModify(person: Person, authorId: string): boolean {
  return isAdmin(person) || authorId === person.id;
}
