import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import Type from 'typebox';
import {
  CreateTokenBody,
  CreateTokenResponse,
  Id,
  LoginBody,
  MeResponse,
  ProfileResponse,
  RegisterBody,
  SessionResponse,
  SetupBody,
  TokenSummary,
  UpdateRolesBody,
  User,
} from '@outloud/contracts';
import type { GatewayConfig } from '../config.js';
import { AppError } from '../core/errors.js';
import { errorResponses, NoContent, signedIn, Tags } from '../core/openapi.js';
import { registerRateLimit, writeRateLimit } from '../core/rate-limit.js';
import { actorOf, requireActor, requireRole } from './auth.hooks.js';
import type { Identity } from './identity.service.js';
import { SESSION_COOKIE, sessionCookieOptions, type NewSession } from './sessions.js';

export interface IdentityRoutesOptions {
  identity: Identity;
  config: GatewayConfig;
  /** Called after a session ends, e.g. to close that person's live sockets. */
  onSignedOut?: (userId: string) => void;
  /** Called (and awaited) after a new account is created, e.g. to join the default channels. */
  onRegistered?: (user: User) => Promise<void>;
}

const CsrfResponse = Type.Object({ csrfToken: Type.String() });
const TokenList = Type.Object({ items: Type.Array(TokenSummary), nextCursor: Type.Null() });

/** The Identity section of API.md, mounted under `/api/v1`. */
export const identityRoutes: FastifyPluginAsyncTypebox<IdentityRoutesOptions> = async (
  app,
  { identity, config, onSignedOut, onRegistered },
) => {
  const cookieOptions = sessionCookieOptions({
    secure: config.COOKIE_SECURE,
    ttlMs: config.SESSION_TTL_HOURS * 60 * 60 * 1000,
  });
  const setSessionCookie = (reply: FastifyReply, session: NewSession) =>
    reply.setCookie(SESSION_COOKIE, session.token, cookieOptions);
  const writes = writeRateLimit(config);

  app.post(
    '/auth/register',
    {
      config: { csrf: false, rateLimit: registerRateLimit(config), beforeVerification: true },
      schema: {
        tags: [Tags.identity],
        summary: 'Create an account and sign in, where the sign-up policy allows it',
        description:
          'Open sign-up, an allowed email domain, or an `inviteToken` from an invitation lets a ' +
          'person in; otherwise 403 `signup_closed`. Nobody becomes admin by registering: the ' +
          'first admin comes from the setup link printed at first start.',
        body: RegisterBody,
        response: { 201: SessionResponse, ...errorResponses(400, 403, 409, 413, 429) },
      },
    },
    async (request, reply) => {
      const { user, session } = await identity.register(request.body, {
        userAgent: request.headers['user-agent'],
        acceptLanguage: request.headers['accept-language'],
      });
      await onRegistered?.(user);
      setSessionCookie(reply, session);
      return reply.code(201).send({ user, csrfToken: session.csrfToken });
    },
  );

  app.post(
    '/auth/setup',
    {
      config: { csrf: false, rateLimit: registerRateLimit(config), beforeVerification: true },
      schema: {
        tags: [Tags.identity],
        summary: 'Create the first admin with the one-time setup link printed at first start',
        body: SetupBody,
        response: { 201: SessionResponse, ...errorResponses(400, 409, 413, 429) },
      },
    },
    async (request, reply) => {
      const { user, session } = await identity.setup(request.body, {
        userAgent: request.headers['user-agent'],
        acceptLanguage: request.headers['accept-language'],
      });
      await onRegistered?.(user);
      setSessionCookie(reply, session);
      return reply.code(201).send({ user, csrfToken: session.csrfToken });
    },
  );

  app.post(
    '/auth/login',
    {
      config: { csrf: false, beforeVerification: true },
      schema: {
        tags: [Tags.identity],
        summary: 'Sign in with email and password',
        body: LoginBody,
        response: { 200: SessionResponse, ...errorResponses(400, 401, 403, 429) },
      },
    },
    async (request, reply) => {
      const { user, session } = await identity.login(request.body, request.ip, {
        userAgent: request.headers['user-agent'],
        acceptLanguage: request.headers['accept-language'],
      });
      setSessionCookie(reply, session);
      return { user, csrfToken: session.csrfToken };
    },
  );

  app.post(
    '/auth/logout',
    {
      config: { beforeVerification: true },
      schema: {
        tags: [Tags.identity],
        summary: 'Sign out: ends the session on the server and clears the cookie',
        response: { 204: NoContent, ...errorResponses(403) },
      },
    },
    async (request, reply) => {
      if (request.auth?.via === 'session') {
        await identity.logout(request.auth.sessionId);
        onSignedOut?.(request.auth.actor.id);
      }
      reply.clearCookie(SESSION_COOKIE, { path: cookieOptions.path ?? '/' });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/auth/csrf',
    {
      config: { beforeVerification: true },
      onRequest: [requireActor],
      schema: {
        tags: [Tags.identity],
        summary: "The current session's CSRF token (for a web app after a reload)",
        security: [{ cookieAuth: [] }],
        response: { 200: CsrfResponse, ...errorResponses(401) },
      },
    },
    async (request) => {
      if (request.auth?.via !== 'session') {
        throw new AppError(
          'unauthenticated',
          'Only a session has a CSRF token; API tokens need none.',
        );
      }
      return { csrfToken: request.auth.csrfToken };
    },
  );

  app.get(
    '/me',
    {
      config: { beforeVerification: true },
      onRequest: [requireActor],
      schema: {
        tags: [Tags.identity],
        summary: 'The signed-in user',
        description:
          "Also notes the browser's language (`Accept-Language`, `en` or `de`) for emails while " +
          'the person has chosen none: when new, or when changed and the last note is a day old.',
        security: signedIn,
        response: { 200: MeResponse, ...errorResponses(401) },
      },
    },
    async (request) => {
      if (!request.auth) throw new AppError('unauthenticated', 'Sign in to continue.');
      return {
        user: await identity.me(request.auth.user.id, {
          acceptLanguage: request.headers['accept-language'],
        }),
      };
    },
  );

  app.post(
    '/tokens',
    {
      onRequest: [requireActor],
      config: { rateLimit: writes },
      schema: {
        tags: [Tags.identity],
        summary: 'Create a personal API token (shown once), optionally expiring at `expiresAt`',
        security: signedIn,
        body: CreateTokenBody,
        response: { 201: CreateTokenResponse, ...errorResponses(400, 401, 403, 409, 429) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const { name, expiresAt } = request.body;
      return reply
        .code(201)
        .send(
          await identity.createApiToken(actor.id, name, expiresAt ? new Date(expiresAt) : null),
        );
    },
  );

  app.get(
    '/tokens',
    {
      onRequest: [requireActor],
      schema: {
        tags: [Tags.identity],
        summary: "The signed-in user's API tokens (never the tokens themselves)",
        security: signedIn,
        response: { 200: TokenList, ...errorResponses(401) },
      },
    },
    async (request) => {
      const tokens = await identity.listApiTokens(actorOf(request).id);
      return {
        items: tokens.map((t) => ({
          id: t.id,
          name: t.name,
          createdAt: t.createdAt.toISOString(),
          lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
          expiresAt: t.expiresAt?.toISOString() ?? null,
        })),
        nextCursor: null,
      };
    },
  );

  app.delete(
    '/tokens/:id',
    {
      onRequest: [requireActor],
      config: { rateLimit: writes },
      schema: {
        tags: [Tags.identity],
        summary: 'Revoke one of your API tokens',
        security: signedIn,
        params: Type.Object({ id: Id }),
        response: { 204: NoContent, ...errorResponses(400, 401, 403, 404, 429) },
      },
    },
    async (request, reply) => {
      await identity.revokeApiToken(actorOf(request).id, request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/users',
    {
      onRequest: [requireActor],
      schema: {
        tags: [Tags.identity],
        summary: 'People whose handle or display name starts with `q` (for pickers and mentions)',
        security: signedIn,
        querystring: Type.Object(
          {
            q: Type.String({ minLength: 1, maxLength: 80 }),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(User) }), ...errorResponses(400, 401) },
      },
    },
    async (request) => ({
      items: await identity.searchUsers(request.query.q, request.query.limit ?? 10),
    }),
  );

  app.get(
    '/users/:handle',
    {
      onRequest: [requireActor],
      schema: {
        tags: [Tags.identity],
        summary: "A person's profile, contribution figures and top tags",
        security: signedIn,
        params: Type.Object({ handle: Type.String({ minLength: 1, maxLength: 64 }) }),
        response: { 200: ProfileResponse, ...errorResponses(401, 404, 503) },
      },
    },
    async (request) => identity.profile(request.params.handle, actorOf(request)),
  );

  app.patch(
    '/admin/users/:id',
    {
      onRequest: [requireRole('admin')],
      config: { rateLimit: writes },
      schema: {
        tags: [Tags.admin],
        summary: "Set a user's roles (admin only; `member` is always kept)",
        security: signedIn,
        params: Type.Object({ id: Id }),
        body: UpdateRolesBody,
        response: { 200: MeResponse, ...errorResponses(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request) => ({
      user: await identity.updateRoles(actorOf(request), request.params.id, request.body.roles),
    }),
  );
};
