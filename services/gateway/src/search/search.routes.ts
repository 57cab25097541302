import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { SearchQuery, SearchResponse } from '@outloud/contracts';
import { errorResponses, signedIn, Tags } from '../core/openapi.js';
import { actorOf, requireActor } from '../identity/auth.hooks.js';
import type { ServiceClients } from '../services/clients.js';

export interface SearchRoutesOptions {
  services: ServiceClients;
}

/**
 * Full-text search. The channels the actor may see come from the feed service (which owns
 * membership) and are handed to search, which confines every query to them.
 */
export const searchRoutes: FastifyPluginAsyncTypebox<SearchRoutesOptions> = async (
  app,
  { services },
) => {
  app.addHook('onRequest', requireActor);

  app.get(
    '/search',
    {
      schema: {
        tags: [Tags.search],
        summary: 'Typo-tolerant search over posts, with highlighted snippets and facets',
        security: signedIn,
        querystring: SearchQuery,
        response: { 200: SearchResponse, ...errorResponses(400, 401, 503) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const { channelIds } = await services.feed.call('accessibleChannels', { actor });
      return services.search.call('search', { actor, channelIds, query: request.query });
    },
  );
};
