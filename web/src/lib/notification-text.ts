import { translate } from '../i18n';
import type { Notification, NotificationType } from './notification-types';

/** The sentence a notification is shown as, e.g. "Ada Lovelace mentioned you in “SQL tips”". */
export function notificationText(notification: Notification): string {
  const who = notification.actor?.displayName ?? translate('notifications.someone');
  // Every type has its sentence in the catalogs: a new type without one is a type error.
  return translate(`notifications.text.${notification.type}`, {
    who,
    title: notification.post.title,
  });
}

/** What a kind of notification is called in the settings, and when it comes. */
export function notificationTypeLabel(type: NotificationType): { label: string; hint: string } {
  return {
    label: translate(`notifications.types.${type}.label`),
    hint: translate(`notifications.types.${type}.hint`),
  };
}
