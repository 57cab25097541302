import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import {
  ChannelList,
  CreatePostBody,
  FeedPage,
  FeedQuery,
  Id,
  PostResponse,
  PostWithAnswers,
} from '@outloud/contracts';
import type { GatewayConfig } from '../config.js';
import { errorResponses, signedIn, Tags } from '../core/openapi.js';
import { writeRateLimit } from '../core/rate-limit.js';
import { actorOf, requireActor } from '../identity/auth.hooks.js';
import type { ServiceClients } from '../services/clients.js';

export interface PostsRoutesOptions {
  services: ServiceClients;
  config: GatewayConfig;
}

/** Channels, posts and the feed; the feed service owns the data and checks visibility. */
export const postsRoutes: FastifyPluginAsyncTypebox<PostsRoutesOptions> = async (
  app,
  { services, config },
) => {
  const { feed } = services;
  app.addHook('onRequest', requireActor);

  app.get(
    '/channels',
    {
      schema: {
        tags: [Tags.channels],
        summary: 'Channels the actor can see: every public one and the private ones they belong to',
        security: signedIn,
        response: { 200: ChannelList, ...errorResponses(401, 503) },
      },
    },
    async (request) => feed.call('listChannels', { actor: actorOf(request) }),
  );

  app.post(
    '/posts',
    {
      config: { rateLimit: writeRateLimit(config) },
      schema: {
        tags: [Tags.posts],
        summary: 'Share a tip, ask a question or (L&D, managers, admins) post an announcement',
        security: signedIn,
        body: CreatePostBody,
        response: { 201: PostResponse, ...errorResponses(400, 401, 403, 404, 413, 429, 503) },
      },
    },
    async (request, reply) => {
      const created = await feed.call('createPost', {
        actor: actorOf(request),
        input: request.body,
      });
      return reply.code(201).send(created);
    },
  );

  app.get(
    '/posts/:id',
    {
      schema: {
        tags: [Tags.posts],
        summary: 'A post with its answers',
        security: signedIn,
        params: Type.Object({ id: Id }),
        response: { 200: PostWithAnswers, ...errorResponses(400, 401, 404, 503) },
      },
    },
    async (request) => feed.call('getPost', { actor: actorOf(request), id: request.params.id }),
  );

  app.get(
    '/feed',
    {
      schema: {
        tags: [Tags.posts],
        summary: 'The feed, newest first, keyset-paginated with `cursor`',
        security: signedIn,
        querystring: FeedQuery,
        response: { 200: FeedPage, ...errorResponses(400, 401, 503) },
      },
    },
    async (request) => feed.call('listFeed', { actor: actorOf(request), query: request.query }),
  );
};
