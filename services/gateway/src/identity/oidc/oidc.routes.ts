import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Kysely } from 'kysely';
import Type from 'typebox';
import { AuthProviders, type User } from '@outloud/contracts';
import type { GatewayConfig } from '../../config.js';
import { errorResponses, Tags } from '../../core/openapi.js';
import { writeRateLimit } from '../../core/rate-limit.js';
import type { Identity } from '../identity.service.js';
import type { IdentityDatabase } from '../identity.tables.js';
import { SESSION_COOKIE, sessionCookieOptions } from '../sessions.js';
import { readSettings } from '../settings.repository.js';
import { createOidcDiscovery } from './oidc-discovery.js';
import { createOidcSignIn, LOGIN_TTL_MS } from './oidc-sign-in.js';
import { failureUrl, landingUrl, safeReturnTo, SsoFailure } from './oidc.logic.js';

export interface OidcRoutesOptions {
  identity: Identity;
  db: Kysely<IdentityDatabase>;
  config: GatewayConfig;
  clock: () => Date;
  logger: { warn(obj: object, msg: string): void };
  /** Called (and awaited) after single sign-on made a new account, as after registering. */
  onRegistered?: (user: User) => Promise<void>;
}

/** Holds the browser's half of a sign-in under way; only its sha256 is stored. */
const LOGIN_COOKIE = 'outloud_oidc';
const LOGIN_COOKIE_PATH = '/api/v1/auth/oidc';

const ProviderParams = Type.Object({ provider: Type.String({ pattern: '^[a-z0-9-]{1,32}$' }) });
const Redirect = Type.Null({ description: 'Redirect; see Location.' });
const shortText = (maxLength: number) => Type.Optional(Type.String({ maxLength }));

/** Single sign-on with OpenID Connect, mounted under `/api/v1`. */
export const oidcRoutes: FastifyPluginAsyncTypebox<OidcRoutesOptions> = async (
  app,
  { identity, db, config, clock, logger, onRegistered },
) => {
  const signIn = createOidcSignIn({
    db,
    config,
    clock,
    identity,
    discovery: createOidcDiscovery(),
  });
  const sessionCookie = sessionCookieOptions({
    secure: config.COOKIE_SECURE,
    ttlMs: config.SESSION_TTL_HOURS * 60 * 60 * 1000,
  });
  const writes = writeRateLimit(config);

  app.get(
    '/auth/providers',
    {
      config: { beforeVerification: true },
      schema: {
        tags: [Tags.identity],
        summary: 'How people may sign in here: password, single sign-on providers, sign-up policy',
        response: { 200: AuthProviders },
      },
    },
    async () => {
      const settings = await readSettings(db);
      return {
        password: settings.passwordLogin,
        oidc: signIn.providers(),
        signup: settings.signup,
      };
    },
  );

  app.get(
    '/auth/oidc/:provider/start',
    {
      config: { rateLimit: writes, beforeVerification: true },
      schema: {
        tags: [Tags.identity],
        summary: 'Start single sign-on: redirects to the provider (authorization code + PKCE)',
        description:
          '`returnTo` is a hash route of the app (such as `#/channels`) to land on afterwards; ' +
          'anything else is ignored.',
        params: ProviderParams,
        querystring: Type.Object({ returnTo: shortText(2000) }),
        response: { 302: Redirect, ...errorResponses(400, 404, 429, 503) },
      },
    },
    async (request, reply) => {
      const { authorizationUrl, loginKey } = await signIn.start(
        request.params.provider,
        safeReturnTo(request.query.returnTo),
      );
      reply.setCookie(LOGIN_COOKIE, loginKey, {
        httpOnly: true,
        // Lax: the cookie comes back on the provider's top-level redirect to the callback.
        sameSite: 'lax',
        secure: config.COOKIE_SECURE,
        path: LOGIN_COOKIE_PATH,
        maxAge: LOGIN_TTL_MS / 1000,
      });
      return reply.redirect(authorizationUrl, 302);
    },
  );

  app.get(
    '/auth/oidc/:provider/callback',
    {
      config: { rateLimit: writes, beforeVerification: true },
      schema: {
        tags: [Tags.identity],
        summary: 'Where the provider sends the browser back; signs in and redirects to the app',
        description:
          'On success a session cookie is set and the browser goes to the app. On any failure ' +
          'it goes to `#/signin?error=<code>` (`sso_failed`, `sso_cancelled`, `sso_unavailable`, ' +
          '`sso_no_email`, `sso_email_unverified`, `signup_closed`, `account_inactive`).',
        params: ProviderParams,
        // Providers add parameters of their own (session_state…): unknown ones are allowed.
        querystring: Type.Object({
          code: shortText(4096),
          state: shortText(1024),
          iss: shortText(2048),
          error: shortText(256),
          error_description: shortText(2048),
        }),
        response: { 302: Redirect, ...errorResponses(400, 404, 429) },
      },
    },
    async (request, reply) => {
      const loginKey = request.cookies[LOGIN_COOKIE];
      reply.clearCookie(LOGIN_COOKIE, { path: LOGIN_COOKIE_PATH });
      const rawUrl = request.raw.url ?? '';
      const query = rawUrl.includes('?') ? rawUrl.slice(rawUrl.indexOf('?') + 1) : '';
      try {
        const { user, created, session, returnTo } = await signIn.finish(
          request.params.provider,
          loginKey,
          query,
          {
            userAgent: request.headers['user-agent'],
            acceptLanguage: request.headers['accept-language'],
          },
        );
        if (created) await onRegistered?.(user);
        reply.setCookie(SESSION_COOKIE, session.token, sessionCookie);
        return await reply.redirect(landingUrl(config.PUBLIC_URL, returnTo), 302);
      } catch (error) {
        if (!(error instanceof SsoFailure)) throw error;
        // Reasons only: never the code, tokens or claims.
        const cause = error.cause as { name?: string; code?: string; message?: string } | undefined;
        logger.warn(
          {
            provider: request.params.provider,
            code: error.code,
            reason: error.message,
            cause: cause && { name: cause.name, code: cause.code, message: cause.message },
          },
          'single sign-on refused',
        );
        return reply.redirect(failureUrl(config.PUBLIC_URL, error.code), 302);
      }
    },
  );
};
