import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import {
  AnswerRevisionList,
  DuplicateBody,
  FreshnessReport,
  Id,
  ListQuery,
  PostResponse,
  ReviewBody,
  ReviewOwnerBody,
} from '@outloud/contracts';
import type { GatewayConfig } from '../config.js';
import { AppError } from '../core/errors.js';
import { errorResponses, NoContent, signedIn, Tags } from '../core/openapi.js';
import { writeRateLimit } from '../core/rate-limit.js';
import { actorOf, requireActor } from '../identity/auth.hooks.js';
import type { Identity } from '../identity/identity.service.js';
import type { ServiceClients } from '../services/clients.js';

export interface KnowledgeRoutesOptions {
  services: ServiceClients;
  identity: Pick<Identity, 'repository'>;
  config: GatewayConfig;
}

const IdParams = Type.Object({ id: Id });

/**
 * Knowledge that stays trustworthy: duplicates, reviews of tips and accepted answers, the
 * freshness report, and answers' edit history. The feed service owns them and checks access.
 */
export const knowledgeRoutes: FastifyPluginAsyncTypebox<KnowledgeRoutesOptions> = async (
  app,
  { services, identity, config },
) => {
  const { feed } = services;
  const writes = { rateLimit: writeRateLimit(config) };
  const doc = <S extends object>(summary: string, extra: S, tag: string = Tags.posts) => ({
    tags: [tag],
    summary,
    security: signedIn,
    ...extra,
  });
  app.addHook('onRequest', requireActor);

  app.post(
    '/posts/:id/duplicate',
    {
      config: writes,
      schema: doc(
        'Close a question as a duplicate of another (the asker, moderators, admins); it then points to the original and takes no new answers',
        {
          params: IdParams,
          body: DuplicateBody,
          response: { 200: PostResponse, ...errorResponses(400, 401, 403, 404, 429, 503) },
        },
      ),
    },
    async (request) =>
      feed.call('markDuplicate', {
        actor: actorOf(request),
        id: request.params.id,
        input: request.body,
      }),
  );

  app.delete(
    '/posts/:id/duplicate',
    {
      config: writes,
      schema: doc('Reopen a question closed as a duplicate (the asker, moderators, admins)', {
        params: IdParams,
        response: { 200: PostResponse, ...errorResponses(400, 401, 403, 404, 429, 503) },
      }),
    },
    async (request) =>
      feed.call('clearDuplicate', { actor: actorOf(request), id: request.params.id }),
  );

  app.put(
    '/posts/:id/review',
    {
      config: writes,
      schema: doc(
        'Review a tip or accepted answer (its review owner, moderators, admins): "confirm" it is still true (next review on `nextReviewAt` or after the channel\'s period) or mark it "outdated"',
        {
          params: IdParams,
          body: ReviewBody,
          response: { 200: PostResponse, ...errorResponses(400, 401, 403, 404, 409, 429, 503) },
        },
      ),
    },
    async (request) =>
      feed.call('reviewPost', {
        actor: actorOf(request),
        id: request.params.id,
        input: request.body,
      }),
  );

  app.put(
    '/posts/:id/review-owner',
    {
      config: writes,
      schema: doc(
        'Hand the review of a tip or accepted answer to another member who can see its channel (its review owner, its author, moderators, admins)',
        {
          params: IdParams,
          body: ReviewOwnerBody,
          response: { 200: PostResponse, ...errorResponses(400, 401, 403, 404, 409, 429, 503) },
        },
      ),
    },
    async (request) => {
      const person = await identity.repository.findPrivateUserById(request.body.userId);
      // Suspended and deactivated people cannot keep anything true.
      if (!person || person.status !== 'active')
        throw new AppError('validation_failed', 'No active person with that id.', {
          details: [{ field: 'userId', message: 'is not an active person' }],
        });
      return feed.call('setReviewOwner', {
        actor: actorOf(request),
        id: request.params.id,
        input: request.body,
        owner: { id: person.id, handle: person.handle, displayName: person.displayName },
      });
    },
  );

  app.get(
    '/insights/freshness',
    {
      schema: doc(
        'Per channel you can see: how many tips and accepted answers are reviewed, due for review or outdated (L&D, admins)',
        { response: { 200: FreshnessReport, ...errorResponses(401, 403, 503) } },
        Tags.insights,
      ),
    },
    async (request) => feed.call('freshnessReport', { actor: actorOf(request) }),
  );

  app.get(
    '/answers/:id/revisions',
    {
      schema: doc('Earlier versions of an answer, the most recently replaced first', {
        params: IdParams,
        querystring: ListQuery,
        response: { 200: AnswerRevisionList, ...errorResponses(400, 401, 404, 503) },
      }),
    },
    async (request) =>
      feed.call('listAnswerRevisions', {
        actor: actorOf(request),
        id: request.params.id,
        query: request.query,
      }),
  );

  app.delete(
    '/answers/:id/revisions/:revisionId',
    {
      config: writes,
      schema: doc(
        "Remove an earlier version's text from an answer's history (its author, moderators, admins); the history shows that something was removed",
        {
          params: Type.Object({ id: Id, revisionId: Id }),
          response: { 204: NoContent, ...errorResponses(400, 401, 403, 404, 409, 429, 503) },
        },
      ),
    },
    async (request, reply) => {
      await feed.call('redactAnswerRevision', {
        actor: actorOf(request),
        answerId: request.params.id,
        revisionId: request.params.revisionId,
      });
      return reply.code(204).send(null);
    },
  );
};
