import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** True when `dir` holds a built web app. */
export function hasWebApp(dir: string | undefined): dir is string {
  return (
    dir !== undefined &&
    existsSync(dir) &&
    statSync(dir).isDirectory() &&
    existsSync(path.join(dir, 'index.html'))
  );
}

/**
 * Serves the built web app at `/`. Vite fingerprints everything under `assets/`, so those files
 * are cached for a year; everything else (index.html above all) is revalidated every time.
 */
export async function installWebApp(app: FastifyInstance, dir: string): Promise<void> {
  await app.register(fastifyStatic, {
    root: path.resolve(dir),
    prefix: '/',
    wildcard: true,
    cacheControl: false,
    setHeaders: (reply, filePath) => {
      const immutable = filePath.includes(`${path.sep}assets${path.sep}`);
      reply.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
}
