import Type from 'typebox';
import { Id } from '../common.js';

const MIB = 1024 * 1024;

/** Sizes of what `POST /uploads` takes and keeps (shared/API.md). */
export const UploadLimits = {
  /** An image (PNG, JPEG, WebP, GIF) as sent. */
  imageBytesMax: 10 * MIB,
  /** Any other allowed file (PDF, Word/Excel/PowerPoint, plain text, Markdown, CSV) as sent. */
  fileBytesMax: 25 * MIB,
  /** Images are scaled down to fit this many pixels on their longer side. */
  imageSideMax: 2048,
  /** At most this many distinct uploads are recorded per post or answer body. */
  referencesPerBody: 100,
} as const;

/** A stored upload as its uploader gets it back. */
export const Upload = Type.Object({
  id: Id,
  /** Where it is served (`/api/v1/uploads/<id>`): to the uploader and to readers of a post using it. */
  url: Type.String(),
  contentType: Type.String(),
  /** Bytes as stored (an image after scaling and re-encoding). */
  size: Type.Integer({ minimum: 0 }),
  width: Type.Optional(Type.Integer({ minimum: 1 })),
  height: Type.Optional(Type.Integer({ minimum: 1 })),
});
export type Upload = Type.Static<typeof Upload>;

export const UploadResponse = Type.Object({ upload: Upload });
export type UploadResponse = Type.Static<typeof UploadResponse>;

/** The address an upload is served at; the only image source rendered Markdown loads. */
export function uploadPath(id: string): string {
  return `/api/v1/uploads/${id}`;
}

const UPLOAD_REFERENCE =
  /\/api\/v1\/uploads\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?![0-9a-f-])/g;

/**
 * The uploads a Markdown body refers to (as an image or a link, relative or absolute), in order of
 * first appearance, without repeats, and at most `UploadLimits.referencesPerBody` of them.
 */
export function uploadIdsIn(markdown: string): string[] {
  const ids = new Set<string>();
  for (const match of markdown.matchAll(UPLOAD_REFERENCE)) {
    if (ids.size >= UploadLimits.referencesPerBody) break;
    ids.add(match[1]!);
  }
  return [...ids];
}
