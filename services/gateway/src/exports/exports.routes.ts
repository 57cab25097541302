import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Kysely } from 'kysely';
import Type from 'typebox';
import { AccountDeleted, DeleteAccountBody, Id, InstanceExportResponse } from '@outloud/contracts';
import type { GatewayConfig } from '../config.js';
import { AppError } from '../core/errors.js';
import { errorResponses, signedIn, Tags } from '../core/openapi.js';
import { writeRateLimit } from '../core/rate-limit.js';
import type { AccountDeletion } from '../identity/account-deletion.js';
import { actorOf, requireActor, requireRole } from '../identity/auth.hooks.js';
import type { IdentityDatabase } from '../identity/identity.tables.js';
import { SESSION_COOKIE } from '../identity/sessions.js';
import type { ServiceClients } from '../services/clients.js';
import type { Exports } from './exports.service.js';
import { personalExport } from './personal-export.js';

export interface ExportsRoutesOptions {
  exports: Exports;
  deletion: AccountDeletion;
  services: ServiceClients;
  db: Kysely<IdentityDatabase>;
  config: GatewayConfig;
  clock: () => Date;
  /** Called after an account is deleted, to close its live sockets at once. */
  onDeleted?: (userId: string) => void;
}

const ExportParams = Type.Object({ id: Id });
const DeletedResponse = Type.Object({ user: AccountDeleted });
const admin = requireRole('admin');

/**
 * Getting data out and accounts deleted: the admins' whole-instance export, a person's own export
 * (GDPR art. 15, 20) and account deletion (art. 17), by the person or by an admin.
 */
export const exportsRoutes: FastifyPluginAsyncTypebox<ExportsRoutesOptions> = async (
  app,
  { exports, deletion, services, db, config, clock, onDeleted },
) => {
  const writes = writeRateLimit(config);

  app.post(
    '/admin/exports',
    {
      onRequest: [admin],
      config: { rateLimit: writes },
      schema: {
        tags: [Tags.admin],
        summary: 'Start a whole-instance export (JSON Lines per entity, Markdown per channel)',
        description:
          'Runs in the background; follow it with `GET /admin/exports/:id` and fetch the ' +
          '`.tar.gz` from `/admin/exports/:id/download` once `status` is `done`. One export at a ' +
          'time (409 while another runs). Audited.',
        security: signedIn,
        response: { 202: InstanceExportResponse, ...errorResponses(401, 403, 409, 429) },
      },
    },
    async (request, reply) => {
      const started = await exports.start(actorOf(request));
      return reply.code(202).send({ export: started });
    },
  );

  app.get(
    '/admin/exports/:id',
    {
      onRequest: [admin],
      schema: {
        tags: [Tags.admin],
        summary: 'How far an export is',
        security: signedIn,
        params: ExportParams,
        response: { 200: InstanceExportResponse, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => ({ export: await exports.get(request.params.id) }),
  );

  app.get(
    '/admin/exports/:id/download',
    {
      onRequest: [admin],
      schema: {
        tags: [Tags.admin],
        summary: 'Download a finished export (`application/gzip`, a tar archive)',
        security: signedIn,
        params: ExportParams,
        response: { ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const archive = await exports.archive(request.params.id);
      const stream = createReadStream(archive.path);
      await new Promise<void>((resolve, reject) => {
        stream.once('open', () => resolve());
        stream.once('error', (err) =>
          reject(new AppError('not_found', 'This export’s archive is gone.', { cause: err })),
        );
      });
      const day = archive.createdAt.toISOString().slice(0, 10);
      return reply
        .header('content-type', 'application/gzip')
        .header('content-disposition', `attachment; filename="outloud-export-${day}.tar.gz"`)
        .header('cache-control', 'no-store')
        .send(stream);
    },
  );

  app.get(
    '/me/export',
    {
      onRequest: [requireActor],
      config: { rateLimit: { max: 10, timeWindow: 60 * 60_000 } },
      schema: {
        tags: [Tags.identity],
        summary: 'Download your own data as one JSON document',
        description:
          'Your account (no password or secrets), API token names, notification preferences, ' +
          'posts, answers, votes, bookmarks, follows, channel memberships, and your learning ' +
          'record: goals, evidence, log, challenges and check-ins.',
        security: signedIn,
        response: { ...errorResponses(401, 429) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const day = clock().toISOString().slice(0, 10);
      const body = Readable.from(personalExport({ db, services, clock }, actor));
      return reply
        .header('content-type', 'application/json; charset=utf-8')
        .header('content-disposition', `attachment; filename="outloud-${actor.handle}-${day}.json"`)
        .header('cache-control', 'no-store')
        .send(body);
    },
  );

  app.delete(
    '/me',
    {
      onRequest: [requireActor],
      // Each try checks a password: as strict as failed sign-ins.
      config: {
        rateLimit: {
          max: config.RATE_LOGIN_MAX,
          timeWindow: config.RATE_LOGIN_WINDOW_MINUTES * 60_000,
        },
      },
      schema: {
        tags: [Tags.identity],
        summary: 'Delete your account',
        description:
          'Removes your email, name, profile, picture, sessions, tokens, notifications and ' +
          'learning record; your posts, answers and votes stay under an anonymous name ' +
          '("Former member 1234"), and your handle is freed. Confirm with `password`; an account ' +
          'that signs in through single sign-on must have signed in within ten minutes. The ' +
          'last active admin cannot leave (409).',
        security: signedIn,
        body: DeleteAccountBody,
        response: { 200: DeletedResponse, ...errorResponses(400, 401, 403, 409, 429, 503) },
      },
    },
    async (request, reply) => {
      const sessionId = request.auth?.via === 'session' ? request.auth.sessionId : null;
      const user = await deletion.deleteOwn(actorOf(request), sessionId, request.body.password);
      onDeleted?.(user.id);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { user };
    },
  );

  app.delete(
    '/admin/users/:id',
    {
      onRequest: [admin],
      config: { rateLimit: writes },
      schema: {
        tags: [Tags.admin],
        summary: 'Delete a person’s account (their contributions stay, anonymised)',
        description: 'As `DELETE /me` for that person. Not your own account (409). Audited.',
        security: signedIn,
        params: Type.Object({ id: Id }),
        response: { 200: DeletedResponse, ...errorResponses(400, 401, 403, 404, 409, 429, 503) },
      },
    },
    async (request) => {
      const user = await deletion.deleteByAdmin(actorOf(request), request.params.id);
      onDeleted?.(user.id);
      return { user };
    },
  );
};
