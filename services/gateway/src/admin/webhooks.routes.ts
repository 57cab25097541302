import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Kysely } from 'kysely';
import {
  DeliveryListQuery,
  DeliveryPage,
  WebhookCreateBody,
  WebhookCreated,
  WebhookList,
  WebhookParams,
  WebhookResponse,
  WebhookUpdateBody,
  type Webhook,
} from '@outloud/contracts';
import type { GatewayConfig } from '../config.js';
import { errorResponses, NoContent, signedIn, Tags } from '../core/openapi.js';
import { writeRateLimit } from '../core/rate-limit.js';
import { actorOf, requireRole } from '../identity/auth.hooks.js';
import type { IdentityDatabase } from '../identity/identity.tables.js';
import type { ServiceClients } from '../services/clients.js';
import { recordAudit } from './audit.js';

export interface WebhooksRoutesOptions {
  services: ServiceClients;
  db: Kysely<IdentityDatabase>;
  config: GatewayConfig;
  clock: () => Date;
}

/** The audit names a webhook by its host: a chat webhook's path is its credential. */
function labelOf(webhook: Webhook): string {
  try {
    return new URL(webhook.url).host;
  } catch {
    return webhook.id;
  }
}

/**
 * `/admin/webhooks`: outgoing webhooks (admins only). The notification service keeps and sends
 * them and checks the role again; the gateway writes each change to the audit log it owns.
 */
export const webhooksRoutes: FastifyPluginAsyncTypebox<WebhooksRoutesOptions> = async (
  app,
  { services, db, config, clock },
) => {
  const notification = services.notification;
  app.addHook('onRequest', requireRole('admin'));
  const audit = (
    request: Parameters<typeof actorOf>[0],
    action: string,
    webhook: Webhook,
    details: Record<string, unknown>,
  ) =>
    recordAudit(
      db,
      {
        actor: actorOf(request),
        action,
        target: { type: 'webhook', id: webhook.id, label: labelOf(webhook) },
        details,
      },
      clock(),
    );

  app.get(
    '/admin/webhooks',
    {
      schema: {
        tags: [Tags.admin],
        summary: 'Outgoing webhooks, newest first (admin)',
        security: signedIn,
        response: { 200: WebhookList, ...errorResponses(401, 403, 503) },
      },
    },
    async (request) => notification.call('listWebhooks', { actor: actorOf(request) }),
  );

  app.post(
    '/admin/webhooks',
    {
      config: { rateLimit: writeRateLimit(config) },
      schema: {
        tags: [Tags.admin],
        summary: 'Add an outgoing webhook (admin; audited)',
        description:
          'The reply carries the signing secret (`whsec_…`) once; it is never shown again. ' +
          'Deliveries are signed per Standard Webhooks (`webhook-id`, `webhook-timestamp`, ' +
          '`webhook-signature`). Targets on private or loopback addresses are refused.',
        security: signedIn,
        body: WebhookCreateBody,
        response: { 201: WebhookCreated, ...errorResponses(400, 401, 403, 409, 429, 503) },
      },
    },
    async (request, reply) => {
      const created = await notification.call('createWebhook', {
        actor: actorOf(request),
        input: request.body,
      });
      const { webhook } = created;
      await audit(request, 'webhook.created', webhook, {
        events: webhook.events,
        preset: webhook.preset,
      });
      return reply.status(201).send(created);
    },
  );

  app.patch(
    '/admin/webhooks/:id',
    {
      config: { rateLimit: writeRateLimit(config) },
      schema: {
        tags: [Tags.admin],
        summary: 'Change a webhook, or turn it on or off (admin; audited)',
        description: 'Turning a webhook on again clears its failures.',
        security: signedIn,
        params: WebhookParams,
        body: WebhookUpdateBody,
        response: { 200: WebhookResponse, ...errorResponses(400, 401, 403, 404, 429, 503) },
      },
    },
    async (request) => {
      const result = await notification.call('updateWebhook', {
        actor: actorOf(request),
        id: request.params.id,
        input: request.body,
      });
      // The new URL stays out of the log like the old one (only its host is named).
      const { url, ...changed } = request.body;
      await audit(request, 'webhook.updated', result.webhook, {
        ...changed,
        ...(url !== undefined ? { urlChanged: true } : {}),
      });
      return result;
    },
  );

  app.delete(
    '/admin/webhooks/:id',
    {
      config: { rateLimit: writeRateLimit(config) },
      schema: {
        tags: [Tags.admin],
        summary: 'Delete a webhook and its delivery log (admin; audited)',
        security: signedIn,
        params: WebhookParams,
        response: { 204: NoContent, ...errorResponses(400, 401, 403, 404, 429, 503) },
      },
    },
    async (request, reply) => {
      const { webhook } = await notification.call('deleteWebhook', {
        actor: actorOf(request),
        id: request.params.id,
      });
      await audit(request, 'webhook.deleted', webhook, { events: webhook.events });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/admin/webhooks/:id/deliveries',
    {
      schema: {
        tags: [Tags.admin],
        summary: "A webhook's deliveries, newest first: status, attempts, response code, duration",
        security: signedIn,
        params: WebhookParams,
        querystring: DeliveryListQuery,
        response: { 200: DeliveryPage, ...errorResponses(400, 401, 403, 404, 503) },
      },
    },
    async (request) =>
      notification.call('listWebhookDeliveries', {
        actor: actorOf(request),
        id: request.params.id,
        query: request.query,
      }),
  );
};
