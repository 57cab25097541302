import { translate, type Translate } from '../i18n';
import { detailedNotificationText } from './notification-detail';
import type { Notification, NotificationType } from './notification-types';

/**
 * The sentence a notification is shown as, e.g. "Ada Lovelace mentioned you in “SQL tips”".
 * Components pass `$t`, so the text follows a language change.
 */
export function notificationText(notification: Notification, tr: Translate = translate): string {
  const detailed = detailedNotificationText(notification, tr);
  if (detailed !== null) return detailed;
  const who = notification.actor?.displayName ?? tr('notifications.someone');
  // Every type has its sentence in the catalogs: a new type without one is a type error.
  return tr(`notifications.text.${notification.type}`, {
    who,
    title: notification.post.title,
  });
}

/** What a kind of notification is called in the settings, and when it comes. */
export function notificationTypeLabel(
  type: NotificationType,
  tr: Translate = translate,
): { label: string; hint: string } {
  return {
    label: tr(`notifications.types.${type}.label`),
    hint: tr(`notifications.types.${type}.hint`),
  };
}
