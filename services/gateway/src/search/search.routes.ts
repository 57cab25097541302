import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ExpertsQuery,
  ExpertsResponse,
  SearchQuery,
  SearchResponse,
  SimilarQuery,
  SimilarResponse,
  type Actor,
} from '@outloud/contracts';
import { errorResponses, signedIn, Tags } from '../core/openapi.js';
import { actorOf, requireActor } from '../identity/auth.hooks.js';
import type { Identity } from '../identity/identity.service.js';
import type { ServiceClients } from '../services/clients.js';
import type { VisibleChannels } from '../services/visible-channels.js';

export interface SearchRoutesOptions {
  services: ServiceClients;
  identity: Identity;
  visibleChannels: VisibleChannels;
}

/**
 * Search, similar questions and experts. The channels the actor may see come from the feed
 * service (which owns membership) and are handed to search, which confines every query to them.
 */
export const searchRoutes: FastifyPluginAsyncTypebox<SearchRoutesOptions> = async (
  app,
  { services, identity, visibleChannels },
) => {
  app.addHook('onRequest', requireActor);
  const visible = (actor: Actor) => visibleChannels.of(actor);

  app.get(
    '/search',
    {
      schema: {
        tags: [Tags.search],
        summary:
          'Typo-tolerant search over posts and their answers, with highlighted snippets and facets',
        security: signedIn,
        querystring: SearchQuery,
        response: { 200: SearchResponse, ...errorResponses(400, 401, 503) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      return services.search.call('search', {
        actor,
        channelIds: await visible(actor),
        query: request.query,
      });
    },
  );

  app.get(
    '/search/similar',
    {
      schema: {
        tags: [Tags.search],
        summary: 'Questions that may already answer a new one (answered and accepted ones first)',
        security: signedIn,
        querystring: SimilarQuery,
        response: { 200: SimilarResponse, ...errorResponses(400, 401, 503) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      return services.search.call('similar', {
        actor,
        channelIds: await visible(actor),
        query: request.query,
      });
    },
  );

  app.get(
    '/experts',
    {
      schema: {
        tags: [Tags.search],
        summary: 'Who knows a topic (a tag or free text), best first, with the evidence',
        security: signedIn,
        querystring: ExpertsQuery,
        response: { 200: ExpertsResponse, ...errorResponses(400, 401, 503) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const found = await services.search.call('experts', {
        actor,
        channelIds: await visible(actor),
        query: request.query,
      });
      // Search knows people by their contributions; identity has the full, current user.
      const users = await identity.findUsers(found.items.map((e) => e.user.id));
      return {
        topicTags: found.topicTags,
        items: found.items.flatMap((e) => {
          const user = users.get(e.user.id);
          return user ? [{ user, score: e.score, evidence: e.evidence }] : [];
        }),
      };
    },
  );
};
