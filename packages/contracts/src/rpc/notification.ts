import Type from 'typebox';
import {
  DigestPreview,
  MarkReadBody,
  NotificationList,
  NotificationListQuery,
  NotificationPreferences,
  NotificationPreferencesUpdate,
} from '../api/notifications.js';
import { Actor } from '../common.js';
import { NotificationVerbs } from '../subjects.js';

export const NotificationRpc = {
  [NotificationVerbs.list]: {
    request: Type.Object({ actor: Actor, query: NotificationListQuery }),
    reply: NotificationList,
  },
  [NotificationVerbs.markRead]: {
    request: Type.Object({ actor: Actor, input: MarkReadBody }),
    reply: Type.Object({ unreadCount: Type.Integer({ minimum: 0 }) }),
  },
  [NotificationVerbs.getPreferences]: {
    request: Type.Object({ actor: Actor }),
    reply: NotificationPreferences,
  },
  [NotificationVerbs.setPreferences]: {
    request: Type.Object({ actor: Actor, input: NotificationPreferencesUpdate }),
    reply: NotificationPreferences,
  },
  [NotificationVerbs.digestPreview]: {
    request: Type.Object({ actor: Actor }),
    reply: DigestPreview,
  },
} as const;
