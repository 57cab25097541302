import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
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
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
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
    },
    hsts: options.https ? { maxAge: 15_552_000, includeSubDomains: true } : false,
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
