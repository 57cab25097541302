import fastifyMultipart from '@fastify/multipart';
import {
  TypeBoxValidatorCompiler,
  type FastifyPluginAsyncTypebox,
} from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import Type from 'typebox';
import {
  names as subjectNames,
  ProfileLimits,
  UpdateProfileBody,
  UserResponse,
  type Names,
} from '@outloud/contracts';
import type { GatewayConfig } from '../config.js';
import { AppError } from '../core/errors.js';
import { errorResponses, signedIn, Tags } from '../core/openapi.js';
import { writeRateLimit } from '../core/rate-limit.js';
import { actorOf, requireActor } from '../identity/auth.hooks.js';
import type { Identity } from '../identity/identity.service.js';
import type { IdentityDatabase } from '../identity/identity.tables.js';
import { STORAGE_KEY_PATTERN, type FileStorage } from '../storage/file-storage.js';
import { createLocalDiskStorage } from '../storage/local-disk-storage.js';
import { createProfiles } from './profile.service.js';

export interface ProfileRoutesOptions {
  identity: Pick<Identity, 'repository' | 'credentialsChanged'>;
  db: Kysely<IdentityDatabase>;
  config: GatewayConfig;
  /** Subject names for the identity outbox: the bus's; made from `OUTLOUD_PREFIX` without one. */
  names?: Pick<Names, 'subject'>;
  clock: () => Date;
  /** Where pictures are kept; by default `<DATA_DIR>/uploads/avatars`. */
  avatars?: FileStorage;
}

/** Documents the multipart body; the parts are read by the handler, not validated as JSON. */
const AvatarUpload = Type.Object({
  file: Type.String({
    format: 'binary',
    description: 'A PNG, JPEG or WebP image of at most 5 MB; stored as a 256×256 WebP.',
  }),
});
const Binary = Type.Unsafe<Buffer>({
  type: 'string',
  format: 'binary',
  description: 'The picture, as image/webp.',
});

/** Long-lived: each upload gets a new key, so a key's bytes never change. */
const AVATAR_CACHE = 'private, max-age=31536000, immutable';

function tooLarge(cause?: unknown): AppError {
  return new AppError('payload_too_large', 'The picture must be 5 MB or smaller.', {
    ...(cause === undefined ? {} : { cause }),
  });
}

/** The uploaded file's bytes: 413 over the limit, 415 when the body is not a multipart file. */
async function readUpload(request: FastifyRequest): Promise<Buffer> {
  if (!request.isMultipart()) {
    throw new AppError(
      'unsupported_media_type',
      'Send the picture as multipart/form-data with a `file` part.',
    );
  }
  let file;
  try {
    file = await request.file();
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(error);
    throw new AppError('bad_request', 'Send one `file` part and nothing else.', { cause: error });
  }
  if (!file || file.fieldname !== 'file') {
    throw new AppError('validation_failed', 'Some fields are missing or invalid.', {
      details: [{ field: 'file', message: 'is required' }],
    });
  }
  try {
    return await file.toBuffer();
  } catch (error) {
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(error);
    throw error;
  }
}

/** A person's own profile and picture, and everyone's pictures for signed-in people. */
export const profileRoutes: FastifyPluginAsyncTypebox<ProfileRoutesOptions> = async (
  app,
  { identity, db, config, clock, ...options },
) => {
  const avatars = options.avatars ?? createLocalDiskStorage(config.DATA_DIR, 'avatars');
  const profiles = createProfiles({
    db,
    repository: identity.repository,
    credentialsChanged: identity.credentialsChanged,
    avatars,
    names: options.names ?? subjectNames(config.OUTLOUD_PREFIX),
    clock,
    onOrphan: (key, err) => app.log.warn({ err, key }, 'could not remove an old picture'),
  });
  const writes = writeRateLimit(config);
  // Multipart is parsed in this plugin only (the upload route); the rest of the API stays JSON.
  await app.register(fastifyMultipart, {
    limits: { fileSize: ProfileLimits.avatarBytesMax, files: 1, fields: 0, parts: 1 },
  });

  app.patch(
    '/me',
    {
      onRequest: [requireActor],
      config: { rateLimit: writes },
      schema: {
        tags: [Tags.identity],
        summary: 'Change your own profile: name, bio, title, team, time zone, skills, language',
        description:
          'Absent fields stay as they are. `timeZone` is an IANA zone (`Europe/Berlin`) or null; ' +
          '`skills` are tags, at most 20. `locale` (`en`, `de`) is the language of the ' +
          'interface and of emails, or null to follow the browser.',
        security: signedIn,
        body: UpdateProfileBody,
        response: { 200: UserResponse, ...errorResponses(400, 401, 403, 413, 429) },
      },
    },
    async (request) => ({ user: await profiles.update(actorOf(request), request.body) }),
  );

  app.put(
    '/me/avatar',
    {
      onRequest: [requireActor],
      config: { rateLimit: writes },
      // The body is a multipart stream the handler reads; there is no JSON body to validate.
      validatorCompiler: (route) =>
        route.httpPart === 'body' ? () => true : TypeBoxValidatorCompiler(route),
      schema: {
        tags: [Tags.identity],
        summary: 'Upload your picture (multipart `file`: PNG, JPEG or WebP, at most 5 MB)',
        description:
          'The type is read from the image itself. The picture is turned upright, cropped to a ' +
          'square and stored as WebP without metadata; 413 over 5 MB, 415 for anything else.',
        security: signedIn,
        consumes: ['multipart/form-data'],
        body: AvatarUpload,
        response: {
          200: UserResponse,
          ...errorResponses(400, 401, 403, 413, 415, 429),
        },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const upload = await readUpload(request);
      return { user: await profiles.setAvatar(actor, upload) };
    },
  );

  app.delete(
    '/me/avatar',
    {
      onRequest: [requireActor],
      config: { rateLimit: writes },
      schema: {
        tags: [Tags.identity],
        summary: 'Remove your picture',
        security: signedIn,
        response: { 200: UserResponse, ...errorResponses(401, 403, 429) },
      },
    },
    async (request) => ({ user: await profiles.removeAvatar(actorOf(request)) }),
  );

  app.get(
    '/avatars/:key',
    {
      onRequest: [requireActor],
      schema: {
        tags: [Tags.identity],
        summary: "A person's picture (signed-in people only)",
        security: signedIn,
        params: Type.Object({ key: Type.String({ pattern: STORAGE_KEY_PATTERN }) }),
        response: { 200: Binary, ...errorResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const file = await avatars.get(request.params.key);
      if (!file) throw new AppError('not_found', 'No such picture.');
      return reply
        .header('content-type', file.contentType)
        .header('content-length', file.size)
        .header('cache-control', AVATAR_CACHE)
        .header('x-content-type-options', 'nosniff')
        .send(file.bytes);
    },
  );
};
