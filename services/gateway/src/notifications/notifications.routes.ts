import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  DigestPreview,
  MarkReadBody,
  NotificationList,
  NotificationListQuery,
  NotificationPreferences,
  NotificationPreferencesUpdate,
} from '@outloud/contracts';
import type { GatewayConfig } from '../config.js';
import { errorResponses, NoContent, signedIn, Tags } from '../core/openapi.js';
import { writeRateLimit } from '../core/rate-limit.js';
import { actorOf, requireActor } from '../identity/auth.hooks.js';
import type { Identity } from '../identity/identity.service.js';
import type { ServiceClients } from '../services/clients.js';

export interface NotificationsRoutesOptions {
  services: ServiceClients;
  config: GatewayConfig;
  identity: Pick<Identity, 'findUsers'>;
}

/**
 * Notifications keep the name their actor had; a page shows each actor as they are now (name and
 * picture), read in one query for the whole page.
 */
export async function withCurrentActors(
  page: NotificationList,
  identity: Pick<Identity, 'findUsers'>,
): Promise<NotificationList> {
  const ids = [...new Set(page.items.flatMap((n) => (n.actor ? [n.actor.id] : [])))];
  if (ids.length === 0) return page;
  const people = await identity.findUsers(ids);
  return {
    ...page,
    items: page.items.map((n) => {
      const person = n.actor && people.get(n.actor.id);
      if (!n.actor || !person) return n;
      return {
        ...n,
        actor: {
          ...n.actor,
          displayName: person.displayName,
          avatarUrl: person.avatarUrl ?? null,
        },
      };
    }),
  };
}

/** The actor's notifications, read marks, preferences and digest preview (notification service). */
export const notificationsRoutes: FastifyPluginAsyncTypebox<NotificationsRoutesOptions> = async (
  app,
  { services, config, identity },
) => {
  const { notification } = services;
  const writes = { rateLimit: writeRateLimit(config) };
  app.addHook('onRequest', requireActor);

  app.get(
    '/notifications',
    {
      schema: {
        tags: [Tags.notifications],
        summary: 'Notifications, newest first, with the unread count',
        security: signedIn,
        querystring: NotificationListQuery,
        response: { 200: NotificationList, ...errorResponses(400, 401, 503) },
      },
    },
    async (request) =>
      withCurrentActors(
        await notification.call('list', { actor: actorOf(request), query: request.query }),
        identity,
      ),
  );

  app.post(
    '/notifications/read',
    {
      config: writes,
      schema: {
        tags: [Tags.notifications],
        summary: 'Marks some notifications (`ids`) or all of them (`all: true`) as read',
        security: signedIn,
        body: MarkReadBody,
        response: { 204: NoContent, ...errorResponses(400, 401, 429, 503) },
      },
    },
    async (request, reply) => {
      await notification.call('markRead', { actor: actorOf(request), input: request.body });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/notifications/preferences',
    {
      schema: {
        tags: [Tags.notifications],
        summary: 'Which notifications the actor receives, and whether a daily digest is sent',
        security: signedIn,
        response: { 200: NotificationPreferences, ...errorResponses(401, 503) },
      },
    },
    async (request) => notification.call('getPreferences', { actor: actorOf(request) }),
  );

  app.put(
    '/notifications/preferences',
    {
      config: writes,
      schema: {
        tags: [Tags.notifications],
        summary: 'Changes notification preferences (fields left out stay as they are)',
        security: signedIn,
        body: NotificationPreferencesUpdate,
        response: { 200: NotificationPreferences, ...errorResponses(400, 401, 429, 503) },
      },
    },
    async (request) =>
      notification.call('setPreferences', { actor: actorOf(request), input: request.body }),
  );

  app.get(
    '/notifications/digest/preview',
    {
      schema: {
        tags: [Tags.notifications],
        summary: "The actor's daily digest as it would be sent now (HTML and plain text)",
        security: signedIn,
        response: { 200: DigestPreview, ...errorResponses(401, 503) },
      },
    },
    async (request) => notification.call('digestPreview', { actor: actorOf(request) }),
  );
};
