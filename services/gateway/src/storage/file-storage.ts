import { randomUUID } from 'node:crypto';

/** A stored file as read back: its bytes, type and size. */
export interface StoredFile {
  bytes: Buffer;
  contentType: string;
  size: number;
}

/**
 * Where uploaded files live (avatars, and attachments of posts and answers). Keys are chosen by us,
 * never by the uploader: `newStorageKey` makes them, `isStorageKey` checks one that arrives in a URL.
 */
export interface FileStorage {
  put(key: string, bytes: Buffer, contentType: string): Promise<void>;
  /** The file, or null when there is none with that key (or the key is not one of ours). */
  get(key: string): Promise<StoredFile | null>;
  /** Removes the file; removing one that is not there is not an error. */
  delete(key: string): Promise<void>;
}

/** A lowercase UUID and a short extension: nothing a path could be built from but one file name. */
const KEY_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.[a-z0-9]{1,8}$/;

/** The same pattern, for route schemas. */
export const STORAGE_KEY_PATTERN = KEY_PATTERN.source;

export function isStorageKey(key: string): boolean {
  return KEY_PATTERN.test(key);
}

/** A fresh key with the given extension (`webp`): a new key per upload keeps caches honest. */
export function newStorageKey(extension: string): string {
  const key = `${randomUUID()}.${extension}`;
  if (!isStorageKey(key)) throw new Error(`not a storage extension: ${extension}`);
  return key;
}

/** Content types by extension, for stores that keep only the bytes. */
const CONTENT_TYPES: Record<string, string> = {
  webp: 'image/webp',
  png: 'image/png',
  jpg: 'image/jpeg',
  gif: 'image/gif',
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  txt: 'text/plain; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
};

export function contentTypeOfKey(key: string): string {
  const extension = key.slice(key.lastIndexOf('.') + 1);
  return CONTENT_TYPES[extension] ?? 'application/octet-stream';
}
