import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Kysely } from 'kysely';
import {
  FlagBody,
  FlagResponse,
  ModerationActionBody,
  ModerationActionResponse,
  QueuePage,
  QueueQuery,
} from '@outloud/contracts';
import { recordAudit } from '../admin/audit.js';
import type { GatewayConfig } from '../config.js';
import { errorResponses, signedIn, Tags } from '../core/openapi.js';
import { writeRateLimit } from '../core/rate-limit.js';
import { actorOf, requireActor } from '../identity/auth.hooks.js';
import type { IdentityDatabase } from '../identity/identity.tables.js';
import type { ServiceClients } from '../services/clients.js';

export interface ModerationRoutesOptions {
  services: ServiceClients;
  db: Kysely<IdentityDatabase>;
  config: GatewayConfig;
  clock: () => Date;
}

/**
 * Flags (anyone), the moderation queue and moderators' actions. The feed service owns the content
 * and decides who may do what (moderators and admins for the queue and actions); the gateway
 * writes each action to the audit log, which it owns.
 */
export const moderationRoutes: FastifyPluginAsyncTypebox<ModerationRoutesOptions> = async (
  app,
  { services, db, config, clock },
) => {
  const { feed } = services;
  const writes = { rateLimit: writeRateLimit(config) };
  const doc = <S extends object>(summary: string, extra: S) => ({
    tags: [Tags.moderation],
    summary,
    security: signedIn,
    ...extra,
  });
  app.addHook('onRequest', requireActor);

  app.post(
    '/flags',
    {
      config: writes,
      schema: doc('Flag a post or answer for moderators (one open flag per person and target)', {
        description:
          'Spam, off-topic, harmful, outdated or other, with an optional note. Content flagged by ' +
          'several people is hidden until a moderator reviews it. Your own content cannot be ' +
          'flagged (400 `cannot_flag_own`); a second open flag is 409 `already_flagged`.',
        body: FlagBody,
        response: { 201: FlagResponse, ...errorResponses(400, 401, 404, 409, 429, 503) },
      }),
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await feed.call('flag', { actor: actorOf(request), input: request.body })),
  );

  app.get(
    '/moderation/queue',
    {
      schema: doc('Flagged content, one item per post or answer (moderators and admins)', {
        description:
          '`open` (default): content with open flags, most recently flagged first. `resolved`: ' +
          'content whose flags were resolved, most recently resolved first. Each item shows the ' +
          'newest 20 flags and the count of all.',
        querystring: QueueQuery,
        response: { 200: QueuePage, ...errorResponses(400, 401, 403, 503) },
      }),
    },
    async (request) =>
      feed.call('moderationQueue', { actor: actorOf(request), query: request.query }),
  );

  app.post(
    '/moderation/actions',
    {
      config: writes,
      schema: doc('Hide, restore, dismiss, lock, unlock or delete (moderators and admins)', {
        description:
          'Resolves the open flags on the content and tells their authors; the action and its ' +
          'reason go to the audit log. Lock and unlock apply to posts only.',
        body: ModerationActionBody,
        response: {
          200: ModerationActionResponse,
          ...errorResponses(400, 401, 403, 404, 429, 503),
        },
      }),
    },
    async (request) => {
      const actor = actorOf(request);
      const result = await feed.call('moderate', { actor, input: request.body });
      const { targetType, targetId, action, reason } = request.body;
      // After the feed committed the change: the audit log lives in another service's database.
      await recordAudit(
        db,
        {
          actor,
          action: `moderation.${action}`,
          target: { type: targetType, id: targetId, label: result.target.title },
          details: { targetType, reason: reason ?? null, resolvedFlags: result.resolvedFlags },
        },
        clock(),
      );
      return result;
    },
  );
};
