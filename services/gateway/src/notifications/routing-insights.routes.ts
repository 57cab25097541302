import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { RoutingInsights, RoutingInsightsQuery } from '@outloud/contracts';
import { errorResponses, signedIn, Tags } from '../core/openapi.js';
import { actorOf, requireActor } from '../identity/auth.hooks.js';
import type { ServiceClients } from '../services/clients.js';

export interface RoutingInsightsRoutesOptions {
  services: ServiceClients;
}

/**
 * How questions routed to likely experts fared, for L&D, managers and admins (checked by the
 * notification service, which routes them).
 */
export const routingInsightsRoutes: FastifyPluginAsyncTypebox<
  RoutingInsightsRoutesOptions
> = async (app, { services }) => {
  app.addHook('onRequest', requireActor);

  app.get(
    '/insights/routing',
    {
      schema: {
        tags: [Tags.insights],
        summary:
          'Questions routed to likely experts in the last `days` (default 30): how many got an answer, how fast, how many were escalated',
        security: signedIn,
        querystring: RoutingInsightsQuery,
        response: { 200: RoutingInsights, ...errorResponses(400, 401, 403, 503) },
      },
    },
    async (request) =>
      services.notification.call('routingInsights', {
        actor: actorOf(request),
        query: request.query,
      }),
  );
};
