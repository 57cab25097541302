import type { PostKind } from '@outloud/contracts';
import type { FeedEventName } from './live';

/**
 * The notification and live-replay API, typed here until `@outloud/contracts` exports these
 * DTOs. They follow the shapes the gateway documents for `/notifications` and `/live/events`.
 */
export type NotificationType =
  'mention' | 'answer' | 'accepted' | 'reply' | 'followed_post' | 'announcement';

export interface Notification {
  id: string;
  type: NotificationType;
  postId: string;
  answerId: string | null;
  actor: { id: string; handle: string; displayName: string } | null;
  post: { id: string; title: string; kind: PostKind; channelId: string };
  createdAt: string;
  readAt: string | null;
}

export interface NotificationPage {
  items: Notification[];
  nextCursor: string | null;
  unreadCount: number;
}

export interface NotificationPreferences {
  types: Record<NotificationType, boolean>;
  digest: boolean;
}

export interface NotificationPreferencesUpdate {
  types?: Partial<Record<NotificationType, boolean>>;
  digest?: boolean;
}

export interface DigestPreview {
  subject: string;
  html: string;
  text: string;
}

export interface LiveEventPage {
  items: { cursor: string; event: FeedEventName; data: unknown }[];
  nextCursor: string | null;
  reset: boolean;
}
