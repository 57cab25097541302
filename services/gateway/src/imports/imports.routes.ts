import { rm } from 'node:fs/promises';
import fastifyMultipart from '@fastify/multipart';
import { TypeBoxValidatorCompiler } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { RpcError } from '@outloud/bus';
import { Id, ImportListQuery, type Actor, ImportPage, ImportResponse } from '@outloud/contracts';
import type { GatewayConfig } from '../config.js';
import { AppError } from '../core/errors.js';
import { errorResponses, signedIn, Tags } from '../core/openapi.js';
import { writeRateLimit } from '../core/rate-limit.js';
import { actorOf, requireRole } from '../identity/auth.hooks.js';
import type { ServiceClients } from '../services/clients.js';
import { IMPORT_FILE_BYTES_MAX, receiveImport } from './import-upload.js';
import type { Imports } from './imports.service.js';

export interface ImportsRoutesOptions {
  imports: Imports;
  services: ServiceClients | undefined;
  config: GatewayConfig;
}

const ImportForm = Type.Object({
  source: Type.String({ enum: ['stackexchange', 'discourse', 'people'] }),
  channelId: Type.Optional(Type.String({ description: 'The channel content goes to.' })),
  file: Type.Array(Type.String({ format: 'binary' }), {
    description:
      'Stack Exchange: Posts.xml and Users.xml (Tags.xml optional); Discourse: one JSON ' +
      'export; people: one CSV with the header email,name,roles,channels.',
  }),
});

/** The target channel exists and the admin sees it (400 on `channelId` otherwise). */
async function checkChannel(
  services: ServiceClients | undefined,
  actor: Actor,
  id: string,
): Promise<void> {
  if (!services) throw new AppError('unavailable', 'Channels cannot be checked right now.');
  try {
    await services.feed.call('getChannel', { actor, id });
  } catch (error) {
    if (error instanceof RpcError && error.code === 'channel_not_found') {
      throw new AppError('validation_failed', 'Some fields are missing or invalid.', {
        details: [{ field: 'channelId', message: 'no such channel' }],
      });
    }
    throw error;
  }
}

/** `POST /admin/imports` and the imports' progress (admins only). */
export const importsRoutes: FastifyPluginAsyncTypebox<ImportsRoutesOptions> = async (
  app,
  { imports, services, config },
) => {
  app.addHook('onRequest', requireRole('admin'));
  await app.register(fastifyMultipart, {
    limits: { fileSize: IMPORT_FILE_BYTES_MAX, files: 3, fields: 4, parts: 7 },
  });
  app.addHook('onClose', async () => imports.stop());

  app.post(
    '/admin/imports',
    {
      config: { rateLimit: writeRateLimit(config) },
      validatorCompiler: (route) =>
        route.httpPart === 'body' ? () => true : TypeBoxValidatorCompiler(route),
      schema: {
        tags: [Tags.admin],
        summary: 'Import from Stack Exchange, Discourse or a CSV of people',
        description:
          'Answers 202 with the running import; `GET /admin/imports/:id` reports its progress. ' +
          'Items are keyed by the source, the channel and their id in the source, so running ' +
          'an import into the same channel again creates nothing twice. Imported content ' +
          'notifies nobody.',
        security: signedIn,
        consumes: ['multipart/form-data'],
        body: ImportForm,
        response: { 202: ImportResponse, ...errorResponses(400, 401, 403, 413, 415, 429, 503) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const upload = await receiveImport(request, config.DATA_DIR);
      try {
        if (upload.channelId) await checkChannel(services, actor, upload.channelId);
        const job = await imports.start(actor, request.auth?.user ?? actor, upload);
        return await reply.code(202).send({ import: job });
      } catch (error) {
        await rm(upload.dir, { recursive: true, force: true });
        throw error;
      }
    },
  );

  app.get(
    '/admin/imports',
    {
      schema: {
        tags: [Tags.admin],
        summary: 'Imports, newest first',
        security: signedIn,
        querystring: ImportListQuery,
        response: { 200: ImportPage, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => imports.list(request.query),
  );

  app.get(
    '/admin/imports/:id',
    {
      schema: {
        tags: [Tags.admin],
        summary: 'One import and its progress',
        security: signedIn,
        params: Type.Object({ id: Id }),
        response: { 200: ImportResponse, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => ({ import: await imports.get(request.params.id) }),
  );
};
