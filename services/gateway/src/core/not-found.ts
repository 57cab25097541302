import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from './errors.js';

function wantsWebApp(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const path = request.url.split('?')[0] ?? '';
  if (path === '/api' || path.startsWith('/api/') || path.startsWith('/socket.io/')) return false;
  return (request.headers.accept ?? '').includes('text/html');
}

/**
 * Unknown routes answer 404 `not_found` in the API error format. With the web app served, a
 * browser navigating to one of the app's own paths gets `index.html` instead (SPA fallback).
 */
export function installNotFoundHandler(
  app: FastifyInstance,
  options: { spaFallback: boolean },
): void {
  app.setNotFoundHandler(async (request, reply) => {
    if (options.spaFallback && wantsWebApp(request)) {
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    throw new AppError('not_found', `No route for ${request.method} ${request.url.split('?')[0]}.`);
  });
}
