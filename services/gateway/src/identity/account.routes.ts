import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import {
  ChangePasswordBody,
  ForgotPasswordBody,
  ResetPasswordBody,
  SessionList,
  VerifyEmailBody,
} from '@outloud/contracts';
import type { GatewayConfig } from '../config.js';
import { errorResponses, NoContent, signedIn, Tags } from '../core/openapi.js';
import { writeRateLimit } from '../core/rate-limit.js';
import type { Account } from './account.service.js';
import { actorOf, requireActor } from './auth.hooks.js';
import { SESSION_COOKIE } from './sessions.js';

export interface AccountRoutesOptions {
  account: Account;
  config: GatewayConfig;
  /** Called after sessions of a person ended, e.g. to close their live sockets at once. */
  onSignedOut?: (userId: string) => void;
}

const HOUR_MS = 60 * 60 * 1000;
const ForgotResponse = Type.Object({ message: Type.String() });
const FORGOT_MESSAGE =
  'If an account with a password uses this address, a link to reset it is on its way. ' +
  'Check your inbox (and spam folder).';
const VerificationResponse = Type.Object({
  status: Type.Union([Type.Literal('sent'), Type.Literal('verified')]),
});
const PublicSessionId = Type.String({ pattern: '^[0-9a-f]{16}$' });

const byIp = (request: FastifyRequest) => `ip:${request.ip}`;
const byPerson = (request: FastifyRequest) =>
  request.actor ? `user:${request.actor.id}` : `ip:${request.ip}`;

/** The session behind a cookie-authenticated request (null for an API token). */
function currentSessionOf(request: FastifyRequest): string | null {
  return request.auth?.via === 'session' ? request.auth.sessionId : null;
}

/** Email verification, password reset and change, and a person's own sessions. */
export const accountRoutes: FastifyPluginAsyncTypebox<AccountRoutesOptions> = async (
  app,
  { account, config, onSignedOut },
) => {
  const writes = writeRateLimit(config);

  app.post(
    '/auth/verify-email',
    {
      config: {
        csrf: false,
        rateLimit: { ...writes, keyGenerator: byIp },
        beforeVerification: true,
      },
      schema: {
        tags: [Tags.identity],
        summary: 'Confirm an email address with the link sent to it',
        body: VerifyEmailBody,
        response: { 204: NoContent, ...errorResponses(400, 429) },
      },
    },
    async (request, reply) => {
      await account.verifyEmail(request.body.token);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/me/verify-email',
    {
      onRequest: [requireActor],
      config: {
        rateLimit: { max: 5, timeWindow: HOUR_MS, keyGenerator: byPerson },
        beforeVerification: true,
      },
      schema: {
        tags: [Tags.identity],
        summary: 'Send the confirmation link to your email address again',
        description:
          'Earlier links stop working. `verified` when the address is confirmed already ' +
          '(nothing is sent).',
        security: signedIn,
        response: { 202: VerificationResponse, ...errorResponses(401, 403, 429) },
      },
    },
    async (request, reply) => {
      const status = await account.sendVerification(actorOf(request).id);
      return reply.code(202).send({ status });
    },
  );

  app.post(
    '/auth/password/forgot',
    {
      config: {
        beforeVerification: true,
        csrf: false,
        rateLimit: {
          max: config.RATE_PASSWORD_RESET_PER_HOUR,
          timeWindow: HOUR_MS,
          keyGenerator: byIp,
        },
      },
      schema: {
        tags: [Tags.identity],
        summary: 'Ask for a password-reset link by email',
        description:
          'Always 202 with the same body, whether or not the address has an account. The link ' +
          'works once, within `RESET_TOKEN_TTL_MINUTES`; only the latest one works. Limited per ' +
          'client IP and per address (`RATE_PASSWORD_RESET_PER_HOUR`).',
        body: ForgotPasswordBody,
        response: { 202: ForgotResponse, ...errorResponses(400, 429) },
      },
    },
    async (request, reply) => {
      await account.requestPasswordReset(request.body.email);
      return reply.code(202).send({ message: FORGOT_MESSAGE });
    },
  );

  app.post(
    '/auth/password/reset',
    {
      config: {
        csrf: false,
        rateLimit: { ...writes, keyGenerator: byIp },
        beforeVerification: true,
      },
      schema: {
        tags: [Tags.identity],
        summary: 'Set a new password with a reset link',
        description:
          'Ends every session of that person (this browser included) and closes their live ' +
          'sockets; they sign in again with the new password.',
        body: ResetPasswordBody,
        response: { 204: NoContent, ...errorResponses(400, 429) },
      },
    },
    async (request, reply) => {
      const userId = await account.resetPassword(request.body.token, request.body.password);
      onSignedOut?.(userId);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    },
  );

  app.put(
    '/me/password',
    {
      onRequest: [requireActor],
      // Each try checks a password: as strict as failed sign-ins.
      config: {
        rateLimit: {
          max: config.RATE_LOGIN_MAX,
          timeWindow: config.RATE_LOGIN_WINDOW_MINUTES * 60_000,
          keyGenerator: byPerson,
        },
      },
      schema: {
        tags: [Tags.identity],
        summary: 'Change your password; every other session ends',
        description:
          '400 `wrong_password` when `currentPassword` is not right; 400 `no_password` for an ' +
          'account that signs in only through single sign-on.',
        security: signedIn,
        body: ChangePasswordBody,
        response: { 204: NoContent, ...errorResponses(400, 401, 403, 429) },
      },
    },
    async (request, reply) => {
      const { currentPassword, newPassword } = request.body;
      await account.changePassword(
        actorOf(request).id,
        currentSessionOf(request),
        currentPassword,
        newPassword,
      );
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/me/sessions',
    {
      onRequest: [requireActor],
      schema: {
        tags: [Tags.identity],
        summary: 'Your signed-in sessions (devices), most recently used first',
        description: '`id` identifies a session for `DELETE /me/sessions/:id`; it cannot sign in.',
        security: signedIn,
        response: { 200: SessionList, ...errorResponses(401) },
      },
    },
    async (request) => ({
      items: await account.listSessions(actorOf(request).id, currentSessionOf(request)),
    }),
  );

  app.delete(
    '/me/sessions',
    {
      onRequest: [requireActor],
      config: { rateLimit: writes },
      schema: {
        tags: [Tags.identity],
        summary: 'Sign out everywhere else (every session but this one ends)',
        description: 'Live sockets of the ended sessions close within seconds.',
        security: signedIn,
        response: { 204: NoContent, ...errorResponses(401, 403, 429) },
      },
    },
    async (request, reply) => {
      await account.endOtherSessions(actorOf(request).id, currentSessionOf(request));
      return reply.code(204).send(null);
    },
  );

  app.delete(
    '/me/sessions/:id',
    {
      onRequest: [requireActor],
      config: { rateLimit: writes },
      schema: {
        tags: [Tags.identity],
        summary: 'End one of your sessions',
        security: signedIn,
        params: Type.Object({ id: PublicSessionId }),
        response: { 204: NoContent, ...errorResponses(400, 401, 403, 404, 429) },
      },
    },
    async (request, reply) => {
      const { sessionId } = await account.endSession(actorOf(request).id, request.params.id);
      if (sessionId === currentSessionOf(request)) {
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
      }
      return reply.code(204).send(null);
    },
  );
};
