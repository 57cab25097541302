import type { Notification } from './notification-types';

/** The sentence a notification is shown as, e.g. "Ada Lovelace mentioned you in “SQL tips”". */
export function notificationText(notification: Notification): string {
  const who = notification.actor?.displayName ?? 'Someone';
  const title = `“${notification.post.title}”`;
  switch (notification.type) {
    case 'mention':
      return `${who} mentioned you in ${title}`;
    case 'answer':
      return `${who} answered ${title}`;
    case 'accepted':
      return `${who} accepted your answer on ${title}`;
    case 'reply':
      return `${who} replied on ${title}`;
    case 'followed_post':
      return `${who} posted ${title}`;
    case 'announcement':
      return `${who} announced ${title}`;
    default: {
      const unknown: never = notification.type;
      return String(unknown);
    }
  }
}
