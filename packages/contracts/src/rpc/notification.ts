import Type from 'typebox';
import {
  DigestPreview,
  MarkReadBody,
  NotificationList,
  NotificationListQuery,
  NotificationPreferences,
  NotificationPreferencesUpdate,
} from '../api/notifications.js';
import { RoutingInsights, RoutingInsightsQuery } from '../api/moderation.js';
import {
  DeliveryListQuery,
  DeliveryPage,
  WebhookCreateBody,
  WebhookCreated,
  WebhookList,
  WebhookResponse,
  WebhookUpdateBody,
} from '../api/webhooks.js';
import { Actor, Id } from '../common.js';
import { NotificationVerbs } from '../subjects.js';
import { ErasePersonRpc } from './records.js';

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
  /** How questions routed to likely experts fared (ld, manager, admin). */
  [NotificationVerbs.routingInsights]: {
    request: Type.Object({ actor: Actor, query: RoutingInsightsQuery }),
    reply: RoutingInsights,
  },
  /** Outgoing webhooks (admin): all of them, newest first. */
  [NotificationVerbs.listWebhooks]: {
    request: Type.Object({ actor: Actor }),
    reply: WebhookList,
  },
  [NotificationVerbs.createWebhook]: {
    request: Type.Object({ actor: Actor, input: WebhookCreateBody }),
    reply: WebhookCreated,
  },
  [NotificationVerbs.updateWebhook]: {
    request: Type.Object({ actor: Actor, id: Id, input: WebhookUpdateBody }),
    reply: WebhookResponse,
  },
  [NotificationVerbs.deleteWebhook]: {
    request: Type.Object({ actor: Actor, id: Id }),
    reply: WebhookResponse,
  },
  /** One webhook's deliveries, newest first. */
  [NotificationVerbs.listWebhookDeliveries]: {
    request: Type.Object({ actor: Actor, id: Id, query: DeliveryListQuery }),
    reply: DeliveryPage,
  },
  /** Account deletion (see `./records.ts`). */
  [NotificationVerbs.erasePerson]: ErasePersonRpc,
} as const;
