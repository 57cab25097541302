import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import {
  ChallengeListQuery,
  ChallengePage,
  ChallengeResponse,
  CheckInBody,
  CheckInResponse,
  Cohort,
  CreateChallengeBody,
  DayParams,
  Id,
  type Actor,
} from '@outloud/contracts';
import type { GatewayConfig } from '../config.js';
import { errorResponses, signedIn, Tags } from '../core/openapi.js';
import { writeRateLimit } from '../core/rate-limit.js';
import { actorOf, requireActor } from '../identity/auth.hooks.js';
import type { ServiceClients } from '../services/clients.js';
import type { VisibleChannels } from '../services/visible-channels.js';

export interface ChallengesRoutesOptions {
  services: ServiceClients;
  config: GatewayConfig;
  visibleChannels: VisibleChannels;
}

const IdParams = Type.Object({ id: Id });

/** Learning challenges in the channels the actor can see. */
export const challengesRoutes: FastifyPluginAsyncTypebox<ChallengesRoutesOptions> = async (
  app,
  { services, config, visibleChannels },
) => {
  const { learning } = services;
  const writes = { rateLimit: writeRateLimit(config) };
  const doc = <S extends object>(summary: string, extra: S) => ({
    tags: [Tags.challenges],
    summary,
    security: signedIn,
    ...extra,
  });
  const scope = async (actor: Actor) => ({ actor, channelIds: await visibleChannels.of(actor) });
  app.addHook('onRequest', requireActor);

  app.get(
    '/challenges',
    {
      schema: doc('Challenges in channels you can see, newest first, with your progress', {
        querystring: ChallengeListQuery,
        response: { 200: ChallengePage, ...errorResponses(400, 401, 503) },
      }),
    },
    async (request) =>
      learning.call('listChallenges', { ...(await scope(actorOf(request))), query: request.query }),
  );

  app.post(
    '/challenges',
    {
      config: writes,
      schema: doc(
        'Start a challenge (L&D, managers, admins): one prompt per day, posted in the channel at the start of each day in its time zone',
        {
          body: CreateChallengeBody,
          response: { 201: ChallengeResponse, ...errorResponses(400, 401, 403, 404, 429, 503) },
        },
      ),
    },
    async (request, reply) =>
      reply.code(201).send(
        await learning.call('createChallenge', {
          ...(await scope(actorOf(request))),
          input: request.body,
        }),
      ),
  );

  app.get(
    '/challenges/:id',
    {
      schema: doc('A challenge with the prompts of the days so far and your streak', {
        params: IdParams,
        response: { 200: ChallengeResponse, ...errorResponses(400, 401, 404, 503) },
      }),
    },
    async (request) =>
      learning.call('getChallenge', { ...(await scope(actorOf(request))), id: request.params.id }),
  );

  app.post(
    '/challenges/:id/join',
    {
      config: writes,
      schema: doc('Join a challenge (joining late is fine)', {
        params: IdParams,
        response: { 200: ChallengeResponse, ...errorResponses(400, 401, 404, 409, 429, 503) },
      }),
    },
    async (request) =>
      learning.call('joinChallenge', { ...(await scope(actorOf(request))), id: request.params.id }),
  );

  app.post(
    '/challenges/:id/leave',
    {
      config: writes,
      schema: doc('Leave a challenge', {
        params: IdParams,
        response: { 200: ChallengeResponse, ...errorResponses(400, 401, 404, 429, 503) },
      }),
    },
    async (request) =>
      learning.call('leaveChallenge', {
        ...(await scope(actorOf(request))),
        id: request.params.id,
      }),
  );

  app.post(
    '/challenges/:id/days/:day/checkin',
    {
      config: writes,
      schema: doc(
        "Respond to a day's prompt: your answer is posted under the prompt and counts as that day's check-in",
        {
          params: DayParams,
          body: CheckInBody,
          response: { 201: CheckInResponse, ...errorResponses(400, 401, 404, 409, 429, 503) },
        },
      ),
    },
    async (request, reply) =>
      reply.code(201).send(
        await learning.call('checkIn', {
          ...(await scope(actorOf(request))),
          id: request.params.id,
          day: request.params.day,
          body: request.body.body,
        }),
      ),
  );

  app.get(
    '/challenges/:id/cohort',
    {
      schema: doc('How many participants checked in each day (withheld for small groups)', {
        params: IdParams,
        response: { 200: Cohort, ...errorResponses(400, 401, 404, 503) },
      }),
    },
    async (request) =>
      learning.call('cohort', { ...(await scope(actorOf(request))), id: request.params.id }),
  );
};
