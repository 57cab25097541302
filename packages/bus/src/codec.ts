import { gunzipSync, gzipSync } from 'node:zlib';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Payloads above this size are gzip-compressed: NATS carries at most 1 MB per message, and posts
 * with long answers are mostly text that compresses several times over.
 */
export const COMPRESS_ABOVE_BYTES = 128 * 1024;

function isGzip(data: Uint8Array): boolean {
  // JSON text never starts with these bytes; gzip always does.
  return data.length > 2 && data[0] === 0x1f && data[1] === 0x8b;
}

export function encodeJson(value: unknown): Uint8Array {
  const bytes = encoder.encode(JSON.stringify(value));
  return bytes.length > COMPRESS_ABOVE_BYTES ? gzipSync(bytes) : bytes;
}

/** Parses JSON (compressed or not), returning `undefined` instead of throwing on bad input. */
export function decodeJson(data: Uint8Array): unknown {
  try {
    return JSON.parse(decoder.decode(isGzip(data) ? gunzipSync(data) : data)) as unknown;
  } catch {
    return undefined;
  }
}
