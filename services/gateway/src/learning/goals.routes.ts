import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import {
  AddEvidenceBody,
  CreateGoalBody,
  CreateLogEntryBody,
  EvidenceResponse,
  ExportQuery,
  GoalListQuery,
  GoalPage,
  GoalResponse,
  GoalWithEvidence,
  Id,
  Limits,
  LogEntryResponse,
  LogListQuery,
  LogPage,
  ManagerBody,
  ManagerResponse,
  Portfolio,
  UpdateGoalBody,
} from '@outloud/contracts';
import type { GatewayConfig } from '../config.js';
import { AppError, errors } from '../core/errors.js';
import { errorResponses, NoContent, signedIn, Tags } from '../core/openapi.js';
import { writeRateLimit } from '../core/rate-limit.js';
import { actorOf, requireActor } from '../identity/auth.hooks.js';
import type { Identity } from '../identity/identity.service.js';
import type { ServiceClients } from '../services/clients.js';
import type { VisibleChannels } from '../services/visible-channels.js';

export interface GoalsRoutesOptions {
  services: ServiceClients;
  identity: Identity;
  config: GatewayConfig;
  visibleChannels: VisibleChannels;
}

const IdParams = Type.Object({ id: Id });
const EvidenceParams = Type.Object({ id: Id, evidenceId: Id });
const HandleParams = Type.Object({ handle: Type.String({ pattern: Limits.handlePattern }) });

/**
 * The personal learning record: goals, evidence, the progress log and portfolios. The learning
 * service owns them and decides who may read what; the gateway resolves people and channels.
 */
export const goalsRoutes: FastifyPluginAsyncTypebox<GoalsRoutesOptions> = async (
  app,
  { services, identity, config, visibleChannels },
) => {
  const { learning } = services;
  const writes = { rateLimit: writeRateLimit(config) };
  const doc = <S extends object>(summary: string, extra: S) => ({
    tags: [Tags.learning],
    summary,
    security: signedIn,
    ...extra,
  });
  app.addHook('onRequest', requireActor);

  app.get(
    '/goals',
    {
      schema: doc('Your goals, newest first', {
        querystring: GoalListQuery,
        response: { 200: GoalPage, ...errorResponses(400, 401, 503) },
      }),
    },
    async (request) =>
      learning.call('listGoals', { actor: actorOf(request), query: request.query }),
  );

  app.post(
    '/goals',
    {
      config: writes,
      schema: doc(
        'Set a goal (private unless shared); a `measure` makes it advance from your contributions',
        {
          body: CreateGoalBody,
          response: { 201: GoalResponse, ...errorResponses(400, 401, 429, 503) },
        },
      ),
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await learning.call('createGoal', { actor: actorOf(request), input: request.body })),
  );

  app.get(
    '/goals/manager',
    {
      schema: doc('Who you report to (goals shared "with my manager" are visible to them)', {
        response: { 200: ManagerResponse, ...errorResponses(401, 503) },
      }),
    },
    async (request) => learning.call('getManager', { actor: actorOf(request) }),
  );

  app.put(
    '/goals/manager',
    {
      config: writes,
      schema: doc('Name your manager by handle (a person with the manager role), or null', {
        body: ManagerBody,
        response: { 200: ManagerResponse, ...errorResponses(400, 401, 404, 429, 503) },
      }),
    },
    async (request) => {
      const { handle } = request.body;
      let manager = null;
      if (handle !== null) {
        const user = await identity.findUserByHandle(handle);
        if (!user) throw new AppError('user_not_found', 'No user with that handle.');
        if (!user.roles.includes('manager')) {
          throw errors.validation([{ field: 'handle', message: 'is not a manager' }]);
        }
        manager = { id: user.id, handle: user.handle, displayName: user.displayName };
      }
      return learning.call('setManager', { actor: actorOf(request), manager });
    },
  );

  app.get(
    '/goals/export',
    {
      schema: doc('Your whole portfolio as Markdown or as a printable HTML page', {
        querystring: ExportQuery,
        produces: ['text/markdown', 'text/html'],
        response: { 200: Type.String(), ...errorResponses(400, 401, 503) },
      }),
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const { content } = await learning.call('exportPortfolio', {
        actor,
        channelIds: await visibleChannels.of(actor),
        format: request.query.format,
      });
      if (request.query.format === 'html') {
        // Everything in the page is escaped; it needs only its own inline style.
        return reply
          .type('text/html; charset=utf-8')
          .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
          .send(content);
      }
      return reply
        .type('text/markdown; charset=utf-8')
        .header('content-disposition', `attachment; filename="portfolio-${actor.handle}.md"`)
        .send(content);
    },
  );

  app.get(
    '/goals/:id',
    {
      schema: doc('A goal with its evidence (if you may see it)', {
        params: IdParams,
        response: { 200: GoalWithEvidence, ...errorResponses(400, 401, 404, 503) },
      }),
    },
    async (request) => {
      const actor = actorOf(request);
      return learning.call('getGoal', {
        actor,
        channelIds: await visibleChannels.of(actor),
        id: request.params.id,
      });
    },
  );

  app.patch(
    '/goals/:id',
    {
      config: writes,
      schema: doc(
        'Change your goal: text, sharing, status, or progress of a goal updated by hand',
        {
          params: IdParams,
          body: UpdateGoalBody,
          response: { 200: GoalResponse, ...errorResponses(400, 401, 404, 429, 503) },
        },
      ),
    },
    async (request) =>
      learning.call('updateGoal', {
        actor: actorOf(request),
        id: request.params.id,
        input: request.body,
      }),
  );

  app.delete(
    '/goals/:id',
    {
      config: writes,
      schema: doc('Delete your goal and its evidence', {
        params: IdParams,
        response: { 204: NoContent, ...errorResponses(400, 401, 404, 429, 503) },
      }),
    },
    async (request, reply) => {
      await learning.call('deleteGoal', { actor: actorOf(request), id: request.params.id });
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/goals/:id/evidence',
    {
      config: writes,
      schema: doc('Add one of your posts or answers, or a link, as evidence for your goal', {
        params: IdParams,
        body: AddEvidenceBody,
        response: { 201: EvidenceResponse, ...errorResponses(400, 401, 404, 409, 429, 503) },
      }),
    },
    async (request, reply) =>
      reply.code(201).send(
        await learning.call('addEvidence', {
          actor: actorOf(request),
          goalId: request.params.id,
          input: request.body,
        }),
      ),
  );

  app.delete(
    '/goals/:id/evidence/:evidenceId',
    {
      config: writes,
      schema: doc('Remove evidence from your goal', {
        params: EvidenceParams,
        response: { 204: NoContent, ...errorResponses(400, 401, 404, 429, 503) },
      }),
    },
    async (request, reply) => {
      await learning.call('removeEvidence', {
        actor: actorOf(request),
        goalId: request.params.id,
        id: request.params.evidenceId,
      });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/log',
    {
      schema: doc('Your progress log, newest first', {
        querystring: LogListQuery,
        response: { 200: LogPage, ...errorResponses(400, 401, 503) },
      }),
    },
    async (request) => learning.call('listLog', { actor: actorOf(request), query: request.query }),
  );

  app.post(
    '/log',
    {
      config: writes,
      schema: doc(
        'Write a log entry; with `publish` it is also shared in a channel as a working-out-loud tip',
        {
          body: CreateLogEntryBody,
          response: { 201: LogEntryResponse, ...errorResponses(400, 401, 403, 404, 429, 503) },
        },
      ),
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await learning.call('createLogEntry', { actor: actorOf(request), input: request.body }),
        ),
  );

  app.delete(
    '/log/:id',
    {
      config: writes,
      schema: doc('Delete a log entry of yours (a published post stays in its channel)', {
        params: IdParams,
        response: { 204: NoContent, ...errorResponses(400, 401, 404, 429, 503) },
      }),
    },
    async (request, reply) => {
      await learning.call('deleteLogEntry', { actor: actorOf(request), id: request.params.id });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/users/:handle/portfolio',
    {
      schema: doc("Someone's goals, evidence and log: what they shared with you", {
        params: HandleParams,
        response: { 200: Portfolio, ...errorResponses(400, 401, 404, 503) },
      }),
    },
    async (request) => {
      const actor = actorOf(request);
      const user = await identity.findUserByHandle(request.params.handle);
      if (!user) throw new AppError('user_not_found', 'No user with that handle.');
      const portfolio = await learning.call('portfolio', {
        actor,
        channelIds: await visibleChannels.of(actor),
        owner: { id: user.id, handle: user.handle, displayName: user.displayName },
      });
      const badges = user.roles.includes('ld')
        ? (['ld', ...portfolio.badges] as const)
        : portfolio.badges;
      return { ...portfolio, badges: [...badges] };
    },
  );
};
