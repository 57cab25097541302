/** The notification and live-replay DTOs the web app uses, from the contract (types only). */
import type { NotificationType } from '@outloud/contracts';

export type {
  DigestPreview,
  MissedLiveEvents as LiveEventPage,
  Notification,
  NotificationList as NotificationPage,
  NotificationPreferences,
  NotificationPreferencesUpdate,
  NotificationType,
} from '@outloud/contracts';

/** Every kind of notification, in the order the settings list them. */
export const notificationTypes = [
  'mention',
  'answer',
  'accepted',
  'reply',
  'followed_post',
  'announcement',
  'expert_request',
  'review_due',
  'flag_resolved',
] as const satisfies readonly NotificationType[];
