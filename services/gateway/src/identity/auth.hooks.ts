import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor, Role } from '@outloud/contracts';
import { AppError } from '../core/errors.js';
import type { Authentication, Identity } from './identity.service.js';
import { safeEqual } from './secrets.js';
import { isSafeMethod, SESSION_COOKIE } from './sessions.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is making the request, or null when anonymous. Roles are read fresh each request. */
    actor: Actor | null;
    /** How the actor authenticated (session or API token). */
    auth: Authentication | null;
  }
  interface FastifyContextConfig {
    /** `false` exempts a route from the CSRF check (only sign-in routes should). */
    csrf?: boolean;
    /**
     * `true` lets someone who has yet to confirm their address (email-domain sign-up) use the
     * route: their own profile, sign-out, the confirmation and the public sign-in routes.
     */
    beforeVerification?: boolean;
  }
}

export const CSRF_HEADER = 'x-csrf-token';

export function bearerTokenOf(header: string | undefined): string | undefined {
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1];
}

/**
 * Resolves `request.actor` for every API request (`/api/…`) from the session cookie or an
 * `Authorization: Bearer` API token, and enforces CSRF: a cookie-authenticated request that may
 * change data must echo the session's CSRF token in `X-CSRF-Token`. Token requests need none:
 * browsers never attach them on their own. Other paths (web app files, health, metrics) stay
 * anonymous, which spares a session lookup for every asset a browser fetches.
 */
export function installAuth(app: FastifyInstance, identity: Identity): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('auth', null);
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/')) return;
    const bearerToken = bearerTokenOf(request.headers.authorization);
    const sessionToken = request.cookies[SESSION_COOKIE];
    if (bearerToken === undefined && sessionToken === undefined) return;
    const auth = await identity.authenticate({
      ...(bearerToken !== undefined ? { bearerToken } : {}),
      ...(sessionToken !== undefined ? { sessionToken } : {}),
    });
    request.auth = auth;
    request.actor = auth?.actor ?? null;
    if (auth?.verificationPending && request.routeOptions.config.beforeVerification !== true) {
      throw new AppError(
        'email_unverified',
        'Confirm your email address first: open the link we sent you, or ask for a new one.',
      );
    }
    if (auth?.via === 'session' && needsCsrf(request)) {
      const sent = request.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !safeEqual(sent, auth.csrfToken)) {
        throw new AppError(
          'csrf_failed',
          'Missing or invalid X-CSRF-Token header; reload and try again.',
        );
      }
    }
  });
}

function needsCsrf(request: FastifyRequest): boolean {
  return (
    !isSafeMethod(request.method) && !request.is404 && request.routeOptions.config.csrf !== false
  );
}

/** Route hook: 401 `unauthenticated` unless signed in. Use in `onRequest` (or `preHandler`). */
export async function requireActor(request: FastifyRequest): Promise<void> {
  if (!request.actor) throw new AppError('unauthenticated', 'Sign in to continue.');
}

/** Route hook: 401 when anonymous, 403 `forbidden` unless the actor has one of `roles`. */
export function requireRole(...roles: Role[]): (request: FastifyRequest) => Promise<void> {
  return async (request) => {
    const actor = request.actor;
    if (!actor) throw new AppError('unauthenticated', 'Sign in to continue.');
    if (!roles.some((role) => actor.roles.includes(role))) {
      throw new AppError('forbidden', `This needs one of these roles: ${roles.join(', ')}.`);
    }
  };
}

/** The signed-in actor, for handlers behind `requireActor` (401 if there is none). */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('unauthenticated', 'Sign in to continue.');
  return request.actor;
}
