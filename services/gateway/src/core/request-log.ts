import type { FastifyBaseLogger, FastifyRequest } from 'fastify';

/**
 * What a request log line says about the request: never its query string, which can carry
 * one-time secrets (an invitation link's `token`, a single sign-on callback's `code` and `state`).
 */
export function serializeRequest(request: Pick<FastifyRequest, 'method' | 'url' | 'ip'>): {
  method: string;
  url: string;
  remoteAddress: string;
} {
  const queryAt = request.url.indexOf('?');
  return {
    method: request.method,
    url: queryAt === -1 ? request.url : `${request.url.slice(0, queryAt)}?…`,
    remoteAddress: request.ip,
  };
}

/** The gateway's logger, logging requests without their query strings. */
export function requestLogger(logger: FastifyBaseLogger): FastifyBaseLogger {
  return logger.child({}, { serializers: { req: serializeRequest } });
}
