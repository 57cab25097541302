import { UploadLimits } from '@outloud/contracts';
import type { Metadata } from 'sharp';
import { AppError } from '../core/errors.js';
import { loadSharp } from '../core/load-sharp.js';
import type { ImageFormat } from './sniff.js';

/** Images with more pixels are refused before decoding: a small file can claim huge dimensions. */
const MAX_INPUT_PIXELS = 50_000_000;

/** What each accepted format is stored as: the same, except GIF (its first frame, as PNG). */
const STORED_AS = {
  png: { extension: 'png', contentType: 'image/png' },
  jpeg: { extension: 'jpg', contentType: 'image/jpeg' },
  webp: { extension: 'webp', contentType: 'image/webp' },
  gif: { extension: 'png', contentType: 'image/png' },
} as const satisfies Record<ImageFormat, { extension: string; contentType: string }>;

export interface StoredImage {
  bytes: Buffer;
  extension: string;
  contentType: string;
  width: number;
  height: number;
}

function unreadable(cause: unknown): AppError {
  return new AppError('unsupported_media_type', 'That image could not be read.', { cause });
}

/**
 * Re-encodes an uploaded image so that what is served is pixels we wrote: decoded by sharp (which
 * must agree with the sniffed format), turned upright from its EXIF orientation, scaled down to
 * fit `UploadLimits.imageSideMax`, and written without any metadata (sharp keeps none unless
 * asked: no EXIF, no GPS position, no camera serial, no embedded thumbnail).
 */
export async function storeableImage(input: Buffer, format: ImageFormat): Promise<StoredImage> {
  const sharp = await loadSharp();
  const options = { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' as const, pages: 1 };
  let metadata: Metadata;
  try {
    // Only the header is read here, so the pixel limit is checked by hand to answer 413.
    metadata = await sharp(input, { ...options, limitInputPixels: false }).metadata();
  } catch (error) {
    throw unreadable(error);
  }
  if (metadata.format !== format) throw unreadable(new Error(`sharp read ${metadata.format}`));
  if ((metadata.width ?? 0) * (metadata.height ?? 0) > MAX_INPUT_PIXELS) {
    throw new AppError(
      'payload_too_large',
      'That image has too many pixels; 50 megapixels at most.',
    );
  }
  const target = STORED_AS[format];
  try {
    const image = sharp(input, options).rotate().resize({
      width: UploadLimits.imageSideMax,
      height: UploadLimits.imageSideMax,
      fit: 'inside',
      withoutEnlargement: true,
    });
    const encoded =
      target.contentType === 'image/jpeg'
        ? image.jpeg({ quality: 85, mozjpeg: true })
        : target.contentType === 'image/webp'
          ? image.webp({ quality: 85 })
          : image.png({ compressionLevel: 9 });
    const { data, info } = await encoded.toBuffer({ resolveWithObject: true });
    return { bytes: data, ...target, width: info.width, height: info.height };
  } catch (error) {
    // The header looked right but the pixels do not decode (truncated, corrupt).
    throw unreadable(error);
  }
}
