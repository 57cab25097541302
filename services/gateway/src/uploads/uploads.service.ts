import { randomUUID } from 'node:crypto';
import { UploadLimits, uploadPath, type Actor, type Upload } from '@outloud/contracts';
import { AppError } from '../core/errors.js';
import {
  contentTypeOfKey,
  newStorageKey,
  type FileStorage,
  type StoredFile,
} from '../storage/file-storage.js';
import { cleanFileName } from './download-name.js';
import { sniff } from './sniff.js';
import { storeableImage } from './upload-image.js';
import type { UploadRow, UploadsRepository } from './uploads.repository.js';

export interface UploadsDeps {
  repository: UploadsRepository;
  /** Where attachments are kept; nothing else is stored there. */
  storage: FileStorage;
  /**
   * Whether someone other than the owner may see the upload: the feed knows which posts use it
   * and who may read them. Absent (no bus), only owners see their uploads.
   */
  sharedWith?: (actor: Actor, upload: { id: string; ownerId: string }) => Promise<boolean>;
  /** Told about a stored file whose row could not be written (nothing links to it). */
  onOrphan: (key: string, error: unknown) => void;
}

const MIB = 1024 * 1024;

function unsupported(): AppError {
  return new AppError(
    'unsupported_media_type',
    'Attach an image (PNG, JPEG, WebP, GIF) or a PDF, Word, Excel, PowerPoint, text, Markdown or CSV file.',
  );
}

function toUpload(row: UploadRow): Upload {
  return {
    id: row.id,
    url: uploadPath(row.id),
    contentType: row.contentType,
    size: row.size,
    ...(row.width === null ? {} : { width: row.width }),
    ...(row.height === null ? {} : { height: row.height }),
  };
}

/** An upload someone may see: how to describe it, and its bytes when they are wanted. */
export interface OpenedUpload {
  row: UploadRow;
  read: () => Promise<StoredFile>;
}

/** Attachments for posts and answers: taking them in safely, and handing them to who may see them. */
export function createUploads(deps: UploadsDeps) {
  const notFound = () => new AppError('not_found', 'No such upload.');
  return {
    /**
     * Stores an upload. The type is read from the bytes; images are re-encoded (upright, scaled,
     * no metadata); other files are kept as sent when they are on the allow-list.
     */
    async create(actor: Actor, input: { bytes: Buffer; filename?: string }): Promise<Upload> {
      const sniffed = sniff(input.bytes, input.filename ?? '');
      if (!sniffed) throw unsupported();
      let stored: { bytes: Buffer; extension: string; contentType: string };
      let size: { width: number; height: number } | null = null;
      if (sniffed.kind === 'image') {
        if (input.bytes.length > UploadLimits.imageBytesMax) {
          throw new AppError(
            'payload_too_large',
            `Images must be ${UploadLimits.imageBytesMax / MIB} MB or smaller.`,
          );
        }
        const image = await storeableImage(input.bytes, sniffed.format);
        stored = image;
        size = { width: image.width, height: image.height };
      } else {
        const contentType = contentTypeOfKey(`file.${sniffed.extension}`);
        stored = { bytes: input.bytes, extension: sniffed.extension, contentType };
      }
      const id = randomUUID();
      const storageKey = newStorageKey(stored.extension);
      const fallback = `${sniffed.kind === 'image' ? 'image' : 'file'}.${stored.extension}`;
      const row: UploadRow = {
        id,
        ownerId: actor.id,
        storageKey,
        contentType: stored.contentType,
        size: stored.bytes.length,
        width: size?.width ?? null,
        height: size?.height ?? null,
        originalName: withExtension(cleanFileName(input.filename, fallback), stored.extension),
      };
      await deps.storage.put(storageKey, stored.bytes, stored.contentType);
      try {
        await deps.repository.insert(row);
      } catch (error) {
        await deps.storage
          .delete(storageKey)
          .catch((err: unknown) => deps.onOrphan(storageKey, err));
        throw error;
      }
      return toUpload(row);
    },

    /**
     * The upload, for its owner and for people who may see a live post or answer of the
     * owner's that uses it; `not_found` for everyone else, as for a missing one.
     */
    async open(actor: Actor, id: string): Promise<OpenedUpload> {
      const row = await deps.repository.find(id);
      if (!row) throw notFound();
      if (row.ownerId !== actor.id && !((await deps.sharedWith?.(actor, row)) ?? false)) {
        throw notFound();
      }
      return {
        row,
        read: async () => {
          const file = await deps.storage.get(row.storageKey);
          if (!file) throw notFound();
          return file;
        },
      };
    },
  };
}

/**
 * The stored name ends in the extension of what is stored (a GIF becomes PNG, a `.png` that is
 * really a JPEG becomes `.jpg`), so a download opens in the right program.
 */
function withExtension(name: string, extension: string): string {
  const expected = extension === 'jpg' ? ['jpg', 'jpeg'] : [extension];
  const dot = name.lastIndexOf('.');
  const current = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  if (expected.includes(current)) return name;
  return `${dot > 0 ? name.slice(0, dot) : name}.${extension}`;
}

export type Uploads = ReturnType<typeof createUploads>;
