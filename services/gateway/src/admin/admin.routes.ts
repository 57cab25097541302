import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Kysely } from 'kysely';
import Type from 'typebox';
import {
  AdminUsersQuery,
  AuditPage,
  AuditQuery,
  Id,
  MeResponse,
  Page,
  User,
  UserStatusBody,
} from '@outloud/contracts';
import type { GatewayConfig } from '../config.js';
import { errorResponses, signedIn, Tags } from '../core/openapi.js';
import { writeRateLimit } from '../core/rate-limit.js';
import { actorOf, requireRole } from '../identity/auth.hooks.js';
import type { IdentityDatabase } from '../identity/identity.tables.js';
import { AUDIT_CSV_MAX_ROWS, auditCsv, auditPage } from './audit.service.js';
import type { People } from './people.service.js';

export interface AdminRoutesOptions {
  db: Kysely<IdentityDatabase>;
  people: People;
  config: GatewayConfig;
  clock: () => Date;
  /** Called after a person stops being active, e.g. to close their live sockets at once. */
  onDeactivated?: (userId: string) => void | Promise<void>;
}

const UserPage = Page(User);

/** The people directory, account status and the audit log (admins only). */
export const adminRoutes: FastifyPluginAsyncTypebox<AdminRoutesOptions> = async (
  app,
  { db, people, config, clock, onDeactivated },
) => {
  app.addHook('onRequest', requireRole('admin'));

  app.get(
    '/admin/users',
    {
      schema: {
        tags: [Tags.admin],
        summary: 'The people directory: filter by name/handle/email prefix, role and status',
        description: 'Newest accounts first, with status, email and when each was last seen.',
        security: signedIn,
        querystring: AdminUsersQuery,
        response: { 200: UserPage, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => people.list(request.query),
  );

  app.put(
    '/admin/users/:id/status',
    {
      config: { rateLimit: writeRateLimit(config) },
      schema: {
        tags: [Tags.admin],
        summary: 'Suspend, deactivate or reactivate a person',
        description:
          'Suspending or deactivating ends the person’s sessions, API token use and live sockets ' +
          'at once; their content stays. Your own status, the last active admin’s and a deleted ' +
          'account’s cannot be changed (409).',
        security: signedIn,
        params: Type.Object({ id: Id }),
        body: UserStatusBody,
        response: { 200: MeResponse, ...errorResponses(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request) => {
      const user = await people.setStatus(actorOf(request), request.params.id, request.body);
      if (user.status !== 'active') await onDeactivated?.(user.id);
      return { user };
    },
  );

  app.get(
    '/admin/audit',
    {
      schema: {
        tags: [Tags.admin],
        summary: 'The audit log, newest first; `format=csv` downloads it',
        description:
          `As CSV (\`text/csv\`), at most ${AUDIT_CSV_MAX_ROWS} entries from the cursor on, ` +
          'columns `at,actor_handle,action,target_type,target_id,target_label,details`.',
        security: signedIn,
        querystring: AuditQuery,
        response: { 200: AuditPage, ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      if (request.query.format !== 'csv') return auditPage(db, request.query);
      const day = clock().toISOString().slice(0, 10);
      const body = auditCsv(db, request.query);
      return (
        reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="outloud-audit-${day}.csv"`)
          .header('cache-control', 'no-store')
          // A stream bypasses the JSON serializer; the schema above describes the JSON form.
          .send(body as unknown as Type.Static<typeof AuditPage>)
      );
    },
  );
};
