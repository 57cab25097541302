import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import type { ImportSource } from '@outloud/contracts';
import { AppError } from '../core/errors.js';
import { ImportFiles } from './imports.service.js';

/** Largest file an import takes: Stack Exchange dumps of a busy team run to hundreds of MB. */
export const IMPORT_FILE_BYTES_MAX = 2 * 1024 ** 3;

/** The name a file is kept under, from the name it was sent with. */
function canonicalName(filename: string): string | undefined {
  const lower = filename.toLowerCase().split(/[\\/]/).pop() ?? '';
  for (const name of ['Posts.xml', 'Users.xml', 'Tags.xml']) {
    if (lower === name.toLowerCase()) return name;
  }
  if (lower.endsWith('.json')) return 'export.json';
  if (lower.endsWith('.csv')) return 'people.csv';
  return undefined;
}

const invalid = (field: string, message: string) =>
  new AppError('validation_failed', 'Some fields are missing or invalid.', {
    details: [{ field, message }],
  });

/**
 * Reads an import form (`source`, `channelId`, and the files as `file` parts) and saves each file
 * to a folder of its own, streamed to disk. 400 when the source is unknown or a required file is
 * missing, 413 when a file is over the limit; the folder is removed then.
 */
export async function receiveImport(
  request: FastifyRequest,
  dataDir: string,
): Promise<{ source: ImportSource; channelId: string | null; dir: string }> {
  if (!request.isMultipart()) {
    throw new AppError('unsupported_media_type', 'Send the import as multipart/form-data.');
  }
  const dir = join(dataDir, 'imports', randomUUID());
  await mkdir(dir, { recursive: true });
  try {
    const fields: Record<string, string> = {};
    const saved = new Set<string>();
    for await (const part of request.parts()) {
      if (part.type === 'field') {
        fields[part.fieldname] = String(part.value);
        continue;
      }
      const name = canonicalName(part.filename);
      if (!name || saved.has(name)) {
        part.file.resume();
        throw invalid('file', `${part.filename}: not a file this import reads, or sent twice`);
      }
      await pipeline(part.file, createWriteStream(join(dir, name)));
      if (part.file.truncated) {
        throw new AppError('payload_too_large', `${part.filename} is over the import limit.`);
      }
      saved.add(name);
    }
    const source = fields.source;
    if (source !== 'stackexchange' && source !== 'discourse' && source !== 'people') {
      throw invalid('source', 'must be stackexchange, discourse or people');
    }
    for (const name of ImportFiles[source].required) {
      if (!saved.has(name)) throw invalid('file', `${name} is required`);
    }
    const channelId = fields.channelId?.trim() || null;
    if (source !== 'people' && !channelId) throw invalid('channelId', 'is required');
    if (channelId && !/^[0-9a-f-]{36}$/i.test(channelId)) throw invalid('channelId', 'not an id');
    return { source, channelId: source === 'people' ? null : channelId, dir };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
      throw new AppError('payload_too_large', 'A file is over the import limit.', { cause: error });
    }
    throw error;
  }
}
