import fastifyRateLimit, { type RateLimitOptions } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { GatewayConfig } from '../config.js';
import { AppError } from './errors.js';

/**
 * Request rate limits, opted into per route (`config: { rateLimit }`). Counters live in this
 * process: with several gateway instances each enforces its own share, which keeps the limits
 * generous rather than strict. Failed sign-ins are counted in Postgres instead (login-throttle).
 */
export async function installRateLimit(app: FastifyInstance): Promise<void> {
  await app.register(fastifyRateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) =>
      new AppError(
        'rate_limited',
        `Too many requests. Try again in ${(context as { after?: string }).after ?? 'a moment'}.`,
      ),
  });
}

/** Counts per signed-in person (per client IP for anonymous requests). */
const perPerson = (request: FastifyRequest) =>
  request.actor ? `user:${request.actor.id}` : `ip:${request.ip}`;

/** Registrations per client IP per hour. */
export function registerRateLimit(
  config: Pick<GatewayConfig, 'RATE_REGISTER_PER_HOUR'>,
): RateLimitOptions {
  return { max: config.RATE_REGISTER_PER_HOUR, timeWindow: 60 * 60 * 1000 };
}

/** Catch-up reads of the event stream (`GET /live/events`) per signed-in user per minute. */
export function catchUpRateLimit(
  config: Pick<GatewayConfig, 'RATE_CATCHUP_PER_MINUTE'>,
): RateLimitOptions {
  return {
    max: config.RATE_CATCHUP_PER_MINUTE,
    timeWindow: 60 * 1000,
    keyGenerator: perPerson,
  };
}

/**
 * The limit for routes that change data: `RATE_WRITES_PER_MINUTE` per signed-in user (per client
 * IP for anonymous requests). Use it as `config: { rateLimit: writeRateLimit(config) }`; each
 * route keeps its own counter. It runs in `onRequest`, after the actor is known.
 */
export function writeRateLimit(
  config: Pick<GatewayConfig, 'RATE_WRITES_PER_MINUTE'>,
): RateLimitOptions {
  return {
    max: config.RATE_WRITES_PER_MINUTE,
    timeWindow: 60 * 1000,
    keyGenerator: perPerson,
  };
}
