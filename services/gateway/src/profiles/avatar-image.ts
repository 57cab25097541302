import { AppError } from '../core/errors.js';
import { loadSharp } from '../core/load-sharp.js';

/** Avatars are stored square at this size (twice the largest shown, for sharp screens). */
export const AVATAR_SIZE = 256;
/** Images with more pixels are refused before decoding: a small file can claim huge dimensions. */
const MAX_INPUT_PIXELS = 50_000_000;
const ACCEPTED_FORMATS = new Set(['png', 'jpeg', 'webp']);

function unsupported(cause?: unknown): AppError {
  return new AppError('unsupported_media_type', 'Upload a PNG, JPEG or WebP image.', {
    ...(cause === undefined ? {} : { cause }),
  });
}

/**
 * Turns an uploaded picture into the stored avatar: the type is decided from the bytes (never the
 * file name or the declared type), EXIF orientation is applied, the image is cropped to a square,
 * and the result is WebP without any metadata (sharp writes none unless asked: no EXIF, no GPS).
 */
export async function makeAvatar(input: Buffer): Promise<Buffer> {
  const sharp = await loadSharp();
  const options = { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' as const, pages: 1 };
  let metadata: { format?: string; width?: number; height?: number };
  try {
    // Only the header is read here, so the pixel limit is checked by hand to answer 413.
    metadata = await sharp(input, { ...options, limitInputPixels: false }).metadata();
  } catch (error) {
    throw unsupported(error);
  }
  if (!metadata.format || !ACCEPTED_FORMATS.has(metadata.format)) throw unsupported();
  if ((metadata.width ?? 0) * (metadata.height ?? 0) > MAX_INPUT_PIXELS) {
    throw new AppError(
      'payload_too_large',
      'That image has too many pixels; 50 megapixels at most.',
    );
  }
  try {
    return await sharp(input, options)
      .rotate()
      .resize(AVATAR_SIZE, AVATAR_SIZE, { fit: 'cover' })
      .webp({ quality: 82 })
      .toBuffer();
  } catch (error) {
    // The header looked right but the pixels do not decode (truncated, corrupt, too large).
    throw new AppError('unsupported_media_type', 'That image could not be read.', { cause: error });
  }
}
