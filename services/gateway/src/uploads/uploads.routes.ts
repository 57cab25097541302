import fastifyMultipart from '@fastify/multipart';
import {
  TypeBoxValidatorCompiler,
  type FastifyPluginAsyncTypebox,
} from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import Type from 'typebox';
import { UploadLimits, UploadResponse } from '@outloud/contracts';
import type { GatewayConfig } from '../config.js';
import { AppError } from '../core/errors.js';
import { errorResponses, signedIn, Tags } from '../core/openapi.js';
import { writeRateLimit } from '../core/rate-limit.js';
import { actorOf, requireActor } from '../identity/auth.hooks.js';
import type { ServiceClients } from '../services/clients.js';
import type { FileStorage } from '../storage/file-storage.js';
import { createLocalDiskStorage } from '../storage/local-disk-storage.js';
import { contentDisposition } from './download-name.js';
import { uploadsRepository } from './uploads.repository.js';
import { createUploads } from './uploads.service.js';
import type { GatewayDatabase } from '../db.js';
import type { UploadsDatabase } from './uploads.tables.js';

export interface UploadsRoutesOptions {
  db: Kysely<GatewayDatabase>;
  config: GatewayConfig;
  /** The feed answers who may see an upload used in a post; without it only owners see theirs. */
  services?: Pick<ServiceClients, 'feed'>;
  /** Where attachments are kept; by default `<DATA_DIR>/uploads/attachments`. */
  storage?: FileStorage;
}

const MIB = 1024 * 1024;

const UploadForm = Type.Object({
  file: Type.String({
    format: 'binary',
    description:
      'An image (PNG, JPEG, WebP, GIF; at most 10 MB) or a PDF, Word, Excel, PowerPoint, text, ' +
      'Markdown or CSV file (at most 25 MB).',
  }),
});
const Binary = Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'The file.' });

/**
 * Served files get a policy of their own: nothing in them may load or run anything, even when a
 * browser is told to open one as a page.
 */
const FILE_CSP = "default-src 'none'; frame-ancestors 'none'; sandbox";

function tooLarge(cause?: unknown): AppError {
  return new AppError(
    'payload_too_large',
    `Files must be ${UploadLimits.fileBytesMax / MIB} MB or smaller (images ${UploadLimits.imageBytesMax / MIB} MB).`,
    { ...(cause === undefined ? {} : { cause }) },
  );
}

const isTooLarge = (error: unknown) =>
  (error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE';

/** The uploaded `file` part: 413 over the limit, 415 when the body is not multipart. */
async function readFilePart(request: FastifyRequest): Promise<{ bytes: Buffer; filename: string }> {
  if (!request.isMultipart()) {
    throw new AppError('unsupported_media_type', 'Send the file as multipart/form-data `file`.');
  }
  let part;
  try {
    part = await request.file();
  } catch (error) {
    if (isTooLarge(error)) throw tooLarge(error);
    throw new AppError('bad_request', 'Send one `file` part and nothing else.', { cause: error });
  }
  if (!part || part.fieldname !== 'file') {
    throw new AppError('validation_failed', 'Some fields are missing or invalid.', {
      details: [{ field: 'file', message: 'is required' }],
    });
  }
  try {
    return { bytes: await part.toBuffer(), filename: part.filename };
  } catch (error) {
    if (isTooLarge(error)) throw tooLarge(error);
    throw error;
  }
}

/** `POST /uploads` and the address each upload is served at. */
export const uploadsRoutes: FastifyPluginAsyncTypebox<UploadsRoutesOptions> = async (
  app,
  { db, config, services, ...options },
) => {
  const storage = options.storage ?? createLocalDiskStorage(config.DATA_DIR, 'attachments');
  const uploads = createUploads({
    repository: uploadsRepository(db.withTables<UploadsDatabase>()),
    storage,
    sharedWith: services
      ? async (actor, upload) =>
          (
            await services.feed.call('uploadAccess', {
              actor,
              uploadId: upload.id,
              ownerId: upload.ownerId,
            })
          ).visible
      : undefined,
    onOrphan: (key, err) => app.log.warn({ err, key }, 'could not remove an unused upload'),
  });
  // Multipart is parsed in this plugin only; the limit is the larger (file) one, images are
  // held to theirs once their type is known.
  await app.register(fastifyMultipart, {
    limits: { fileSize: UploadLimits.fileBytesMax, files: 1, fields: 0, parts: 1 },
  });

  app.post(
    '/uploads',
    {
      onRequest: [requireActor],
      config: { rateLimit: writeRateLimit(config) },
      // The body is a multipart stream the handler reads; there is no JSON body to validate.
      validatorCompiler: (route) =>
        route.httpPart === 'body' ? () => true : TypeBoxValidatorCompiler(route),
      schema: {
        tags: [Tags.posts],
        summary: 'Upload an image or a file to use in a post or answer (multipart `file`)',
        description:
          'The type is read from the content, never the name. Images are turned upright, scaled ' +
          'to at most 2048 px and stored without metadata (a GIF as its first frame, in PNG). ' +
          '413 over the size limits, 415 for any other type. The `url` is served to the uploader ' +
          'and to whoever may see a post or answer of theirs that uses it.',
        security: signedIn,
        consumes: ['multipart/form-data'],
        body: UploadForm,
        response: { 201: UploadResponse, ...errorResponses(400, 401, 403, 413, 415, 429) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const part = await readFilePart(request);
      const upload = await uploads.create(actor, part);
      return reply.code(201).send({ upload });
    },
  );

  app.get(
    '/uploads/:id',
    {
      onRequest: [requireActor],
      schema: {
        tags: [Tags.posts],
        summary: 'An uploaded image or file',
        description:
          'For the uploader, and for people who may see a live post or answer of the uploader ' +
          'that uses it; 404 for anyone else. Images are shown inline, other files downloaded.',
        security: signedIn,
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        response: { 200: Binary, 304: Type.Null(), ...errorResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const { row, read } = await uploads.open(actorOf(request), request.params.id);
      const inline = row.contentType.startsWith('image/');
      // An upload's bytes never change; whether this person may still see them can, so the
      // browser asks again each time (and gets a 304 while nothing changed).
      const etag = `"${row.id}"`;
      reply
        .header('etag', etag)
        .header('cache-control', 'private, no-cache')
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', FILE_CSP)
        .header(
          'content-disposition',
          contentDisposition(inline ? 'inline' : 'attachment', row.originalName),
        );
      if (request.headers['if-none-match'] === etag) return reply.code(304).send(null);
      const file = await read();
      return reply
        .header('content-type', row.contentType)
        .header('content-length', file.size)
        .send(file.bytes);
    },
  );
};
