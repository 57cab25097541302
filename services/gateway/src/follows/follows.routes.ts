import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { FollowBody, FollowList } from '@outloud/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { GatewayConfig } from '../config.js';
import { AppError } from '../core/errors.js';
import { errorResponses, NoContent, signedIn, Tags } from '../core/openapi.js';
import { writeRateLimit } from '../core/rate-limit.js';
import { actorOf, requireActor } from '../identity/auth.hooks.js';
import type { Identity } from '../identity/identity.service.js';
import type { ServiceClients } from '../services/clients.js';

export interface FollowsRoutesOptions {
  services: ServiceClients;
  identity: Identity;
  config: GatewayConfig;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Follows of channels, tags and people (`PUT`/`DELETE /follows`), and the actor's list. */
export const followsRoutes: FastifyPluginAsyncTypebox<FollowsRoutesOptions> = async (
  app,
  { services, identity, config },
) => {
  app.addHook('onRequest', requireActor);

  const setFollow = async (
    request: FastifyRequest,
    follow: FollowBody,
    reply: FastifyReply,
    on: boolean,
  ) => {
    const actor = actorOf(request);
    // People live in identity: the gateway checks the person exists and hands feed their name.
    let user;
    if (follow.targetType === 'user' && on && UUID.test(follow.target)) {
      const found = await identity.findUser(follow.target);
      if (!found) throw new AppError('user_not_found', 'No such person.');
      user = { id: found.id, handle: found.handle, displayName: found.displayName };
    }
    await services.feed.call('setFollow', { actor, follow, on, ...(user ? { user } : {}) });
    return reply.code(204).send(null);
  };

  const schema = (summary: string) => ({
    tags: [Tags.posts],
    summary,
    security: signedIn,
    body: FollowBody,
    response: { 204: NoContent, ...errorResponses(400, 401, 404, 429, 503) },
  });

  app.put(
    '/follows',
    {
      config: { rateLimit: writeRateLimit(config) },
      schema: schema('Follow a channel, tag or person'),
    },
    (request, reply) => setFollow(request, request.body, reply, true),
  );
  app.delete(
    '/follows',
    { config: { rateLimit: writeRateLimit(config) }, schema: schema('Stop following') },
    (request, reply) => setFollow(request, request.body, reply, false),
  );

  app.get(
    '/follows',
    {
      schema: {
        tags: [Tags.posts],
        summary: 'What the actor follows',
        security: signedIn,
        response: { 200: FollowList, ...errorResponses(401, 503) },
      },
    },
    async (request) => services.feed.call('listFollows', { actor: actorOf(request) }),
  );
};
