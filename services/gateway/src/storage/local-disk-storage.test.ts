import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isStorageKey, newStorageKey } from './file-storage.js';
import { createLocalDiskStorage } from './local-disk-storage.js';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'outloud-storage-'));
});
afterEach(async () => rm(dataDir, { recursive: true, force: true }));

/** Every file under the folder, temporary ones included. */
async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => e.name);
}

describe('storage keys', () => {
  it('makes a new uuid key per call with the given extension', () => {
    const a = newStorageKey('webp');
    const b = newStorageKey('webp');
    expect(a).toMatch(/^[0-9a-f-]{36}\.webp$/);
    expect(a).not.toBe(b);
    expect(isStorageKey(a)).toBe(true);
  });

  it('refuses anything a path could be built from', () => {
    for (const key of [
      '../etc/passwd',
      '..%2Fsecret',
      `${newStorageKey('webp')}/../x`,
      'ABCDEF00-0000-0000-0000-000000000000.webp',
      '00000000-0000-0000-0000-000000000000',
      '00000000-0000-0000-0000-000000000000.web p',
      '',
    ]) {
      expect(isStorageKey(key), key).toBe(false);
    }
    expect(() => newStorageKey('../x')).toThrow();
  });
});

describe('createLocalDiskStorage', () => {
  it('stores, reads back and deletes a file under <dataDir>/uploads/<area>', async () => {
    const storage = createLocalDiskStorage(dataDir, 'avatars');
    const key = newStorageKey('webp');
    const bytes = Buffer.from('RIFF....WEBP');
    await storage.put(key, bytes, 'image/webp');

    expect(await filesUnder(join(dataDir, 'uploads', 'avatars'))).toEqual([key]);
    const stored = await storage.get(key);
    expect(stored).toEqual({ bytes, contentType: 'image/webp', size: bytes.length });

    await storage.delete(key);
    expect(await storage.get(key)).toBeNull();
    expect(await filesUnder(join(dataDir, 'uploads', 'avatars'))).toEqual([]);
  });

  it('answers null for an unknown or malformed key, and deleting a missing file is fine', async () => {
    const storage = createLocalDiskStorage(dataDir, 'avatars');
    expect(await storage.get(newStorageKey('webp'))).toBeNull();
    expect(await storage.get('../../etc/passwd')).toBeNull();
    await expect(storage.delete(newStorageKey('webp'))).resolves.toBeUndefined();
    await expect(storage.delete('../outside.webp')).rejects.toThrow('not a storage key');
  });

  it('refuses to write under a key that is not ours or a type its extension does not name', async () => {
    const storage = createLocalDiskStorage(dataDir, 'avatars');
    await expect(storage.put('../escape.webp', Buffer.from('x'), 'image/webp')).rejects.toThrow();
    await expect(
      storage.put(newStorageKey('webp'), Buffer.from('x'), 'text/html'),
    ).rejects.toThrow();
    await expect(filesUnder(dataDir)).resolves.toEqual([]);
  });

  it('keeps each area apart and refuses an area name that is not a plain word', async () => {
    const avatars = createLocalDiskStorage(dataDir, 'avatars');
    const posts = createLocalDiskStorage(dataDir, 'posts');
    const key = newStorageKey('webp');
    await avatars.put(key, Buffer.from('x'), 'image/webp');
    expect(await posts.get(key)).toBeNull();
    expect(() => createLocalDiskStorage(dataDir, '../etc')).toThrow();
  });
});
