import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Kysely } from 'kysely';
import Type from 'typebox';
import { OutboxPage, PageQuery } from '@outloud/contracts';
import type { GatewayConfig } from '../config.js';
import { errorResponses, signedIn, Tags } from '../core/openapi.js';
import { requireRole } from '../identity/auth.hooks.js';
import type { IdentityDatabase } from '../identity/identity.tables.js';
import { decodeKeysetCursor } from '../core/keyset-cursor.js';
import { listEmails } from './emails.repository.js';

export interface OutboxRoutesOptions {
  db: Kysely<IdentityDatabase>;
  config: Pick<GatewayConfig, 'SMTP_URL'>;
}

const DEFAULT_LIMIT = 50;

/** `GET /admin/outbox`: the emails Outloud sent or is sending, newest first (admins only). */
export const outboxRoutes: FastifyPluginAsyncTypebox<OutboxRoutesOptions> = async (
  app,
  { db, config },
) => {
  app.get(
    '/admin/outbox',
    {
      onRequest: [requireRole('admin')],
      schema: {
        tags: [Tags.admin],
        summary: 'Emails sent or waiting, newest first (admin)',
        description:
          'While no SMTP server is configured (`smtp: false`) emails are only logged, and their ' +
          'links are listed here so an admin can pass them on. With an SMTP server no link is ' +
          'listed (not even of an email still being retried): only its addressee gets it.',
        security: signedIn,
        querystring: Type.Object({ ...PageQuery }, { additionalProperties: false }),
        response: { 200: OutboxPage, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const page = await listEmails(
        db,
        request.query.cursor === undefined ? undefined : decodeKeysetCursor(request.query.cursor),
        request.query.limit ?? DEFAULT_LIMIT,
        { showLinks: !config.SMTP_URL },
      );
      return { ...page, smtp: Boolean(config.SMTP_URL) };
    },
  );
};
