import fastifyCookie from '@fastify/cookie';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';
import { imageSources } from '../uploads/image-sources.js';

/**
 * Security headers and the request body format.
 *
 * The CSP fits the built Svelte app (scripts and styles from our own origin, socket.io over
 * ws/wss) and the API docs UI. Styles also allow inline `style` attributes, which components set.
 * Images load only from our own upload, picture and asset paths (`imageSources`).
 * HTTPS-only headers are sent only when cookies are secure, i.e. when the site is served over
 * HTTPS: on a plain-HTTP intranet host `upgrade-insecure-requests` would break every asset.
 */
export async function installSecurity(
  app: FastifyInstance,
  options: { https: boolean; publicUrl: string },
): Promise<void> {
  const headersFor = securityHeaders(options);
  app.addHook('onRequest', (request, reply, done) => {
    reply.headers(headersFor(request.headers.host));
    done();
  });
  await app.register(fastifyCookie);

  // JSON only. An empty body with a JSON content type counts as no body, since many clients
  // send the header on every request, bodyless POSTs (logout) included.
  app.removeContentTypeParser(['application/json', 'text/plain']);
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    void parseJson(request, text, done);
  });
}

/** Hosts whose headers are kept; requests under more names are answered, just not cached. */
const MAX_HOSTS = 64;

type Middleware = (
  request: IncomingMessage,
  response: ServerResponse,
  next: (error?: unknown) => void,
) => void;

/** The headers a helmet middleware sets for a request to `host`, read off one pass of it. */
function headersOf(middleware: Middleware, host: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: string | number) => {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
  };
  const request = { headers: host === undefined ? {} : { host } };
  middleware(request as IncomingMessage, response as unknown as ServerResponse, (error) => {
    if (error) throw error instanceof Error ? error : new Error('helmet refused its settings');
  });
  return headers;
}

/**
 * Helmet's headers for a request, by its Host header. Helmet would rebuild its middleware and
 * parse the policy on every request; these depend only on the settings and the host (the
 * policy's image sources name it), so each host's set is computed once.
 */
export function securityHeaders(options: {
  https: boolean;
  publicUrl: string;
}): (host: string | undefined) => Record<string, string> {
  const common = headersOf(
    helmet({
      contentSecurityPolicy: false,
      hsts: options.https ? { maxAge: 15_552_000, includeSubDomains: true } : false,
    }),
    undefined,
  );
  const policy = helmet.contentSecurityPolicy({
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      baseUri: ["'self'"],
      scriptSrc: ["'self'"],
      scriptSrcAttr: ["'none'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: [imageSources(options.publicUrl, options.https)],
      fontSrc: ["'self'", 'data:'],
      connectSrc: ["'self'", 'ws:', 'wss:'],
      objectSrc: ["'none'"],
      frameAncestors: ["'none'"],
      formAction: ["'self'"],
      ...(options.https ? { upgradeInsecureRequests: [] } : {}),
    },
  });
  const byHost = new Map<string, Record<string, string>>();
  return (host) => {
    const key = host ?? '';
    let headers = byHost.get(key);
    if (!headers) {
      headers = { ...common, ...headersOf(policy, host) };
      if (byHost.size >= MAX_HOSTS) byHost.clear();
      byHost.set(key, headers);
    }
    return headers;
  };
}
