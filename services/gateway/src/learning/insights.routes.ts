import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { CampaignBody, Id, Insights, InsightsQuery } from '@outloud/contracts';
import type { GatewayConfig } from '../config.js';
import { errorResponses, NoContent, signedIn, Tags } from '../core/openapi.js';
import { writeRateLimit } from '../core/rate-limit.js';
import { actorOf, requireActor } from '../identity/auth.hooks.js';
import type { ServiceClients } from '../services/clients.js';
import type { VisibleChannels } from '../services/visible-channels.js';

export interface InsightsRoutesOptions {
  services: ServiceClients;
  config: GatewayConfig;
  visibleChannels: VisibleChannels;
}

/** Team insights and awareness campaigns, for managers and L&D (checked by the learning service). */
export const insightsRoutes: FastifyPluginAsyncTypebox<InsightsRoutesOptions> = async (
  app,
  { services, config, visibleChannels },
) => {
  const { learning } = services;
  app.addHook('onRequest', requireActor);

  app.get(
    '/insights',
    {
      schema: {
        tags: [Tags.insights],
        summary:
          "Aggregates over a channel's activity, challenges and campaigns; withheld for groups under the minimum size",
        security: signedIn,
        querystring: InsightsQuery,
        response: { 200: Insights, ...errorResponses(400, 401, 403, 404, 503) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      return learning.call('insights', {
        actor,
        channelIds: await visibleChannels.of(actor),
        query: request.query,
      });
    },
  );

  app.put(
    '/insights/campaigns/:postId',
    {
      config: { rateLimit: writeRateLimit(config) },
      schema: {
        tags: [Tags.insights],
        summary: 'Mark an announcement as part of an awareness campaign (opens are then counted)',
        security: signedIn,
        params: Type.Object({ postId: Id }),
        body: CampaignBody,
        response: { 204: NoContent, ...errorResponses(400, 401, 403, 404, 429, 503) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      await learning.call('markCampaign', {
        actor,
        channelIds: await visibleChannels.of(actor),
        postId: request.params.postId,
        input: request.body,
      });
      return reply.code(204).send(null);
    },
  );
};
