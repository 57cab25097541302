import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { contentTypeOfKey, isStorageKey, type FileStorage } from './file-storage.js';

function isMissing(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === 'ENOENT';
}

function requireKey(key: string): string {
  // Keys come from us, but one read from a database or URL is checked again before it becomes a path.
  if (!isStorageKey(key)) throw new Error('not a storage key');
  return key;
}

/**
 * Files on local disk under `<dataDir>/uploads/<area>/` (`avatars`, …: each area is its own store,
 * so a route serving one can never hand out another's files), two folder levels by the key's first characters
 * so that no folder grows past a few thousand entries. A file is written to a temporary name and
 * renamed into place, so a reader never sees half of one. The content type is not stored: it is
 * the one the key's extension names.
 */
export function createLocalDiskStorage(dataDir: string, area: string): FileStorage {
  if (!/^[a-z][a-z0-9-]{0,31}$/.test(area)) throw new Error(`not a storage area: ${area}`);
  const root = resolve(dataDir, 'uploads', area);
  const folderOf = (key: string) => join(root, key.slice(0, 2), key.slice(2, 4));
  const pathOf = (key: string) => join(folderOf(key), key);

  return {
    async put(key, bytes, contentType) {
      requireKey(key);
      // Only the bytes are kept: the type is read back from the extension, so they must agree.
      if (contentTypeOfKey(key) !== contentType) {
        throw new Error(`a .${key.split('.').pop()} key cannot hold ${contentType}`);
      }
      const folder = folderOf(key);
      await mkdir(folder, { recursive: true });
      const temporary = join(folder, `.${randomUUID()}.tmp`);
      try {
        await writeFile(temporary, bytes, { flag: 'wx' });
        await rename(temporary, pathOf(key));
      } catch (error) {
        await rm(temporary, { force: true });
        throw error;
      }
    },

    async get(key) {
      if (!isStorageKey(key)) return null;
      try {
        const bytes = await readFile(pathOf(key));
        return { bytes, contentType: contentTypeOfKey(key), size: bytes.length };
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
    },

    async delete(key) {
      await rm(pathOf(requireKey(key)), { force: true });
    },
  };
}
