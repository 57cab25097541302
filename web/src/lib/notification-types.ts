/** The notification and live-replay DTOs the web app uses, from the contract (types only). */
export type {
  DigestPreview,
  MissedLiveEvents as LiveEventPage,
  Notification,
  NotificationList as NotificationPage,
  NotificationPreferences,
  NotificationPreferencesUpdate,
  NotificationType,
} from '@outloud/contracts';
