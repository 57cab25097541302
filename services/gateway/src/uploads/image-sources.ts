import type { IncomingMessage } from 'node:http';

/**
 * The only paths of our own origin the web app loads images from: uploads, people's pictures,
 * the built app's assets and icon, and the API docs' own files. Any other same-origin address
 * (say `/api/v1/auth/logout` in an injected `<img>`) and every other site stay blocked.
 */
export const IMAGE_PATHS = [
  '/api/v1/uploads/',
  '/api/v1/avatars/',
  '/assets/',
  '/favicon.svg',
  '/api/docs/',
] as const;

/** A Host header worth echoing into a policy: a name or address and an optional port. */
const HOST =
  /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

function sourcesFor(origin: string): string[] {
  return IMAGE_PATHS.map((path) => `${origin}${path}`);
}

/**
 * CSP `img-src` sources with paths, built from `PUBLIC_URL` and, when people reach the gateway
 * under another name (an internal host name, an IP), from the request's own origin too: a source
 * needs a host to carry a path. An `http:` source also matches the same address over HTTPS
 * (CSP allows the upgrade), so the scheme of a proxied request does not matter.
 */
export function imageSources(
  publicUrl: string,
  https: boolean,
): (request: IncomingMessage) => string {
  const publicOrigin = new URL(publicUrl).origin;
  const fixed = sourcesFor(publicOrigin);
  return (request) => {
    const host = request.headers.host;
    const sources = [...fixed];
    if (host !== undefined && HOST.test(host)) {
      const origin = `${https ? 'https' : 'http'}://${host.toLowerCase()}`;
      if (origin !== publicOrigin) sources.push(...sourcesFor(origin));
    }
    return ['data:', 'blob:', ...sources].join(' ');
  };
}
