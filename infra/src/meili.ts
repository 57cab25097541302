import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startMeilisearch, type MeiliProcess } from '@outloud/meili';
import type { LogSink } from './log.js';

/**
 * Starts Meilisearch from the npm package in `dataDir`. The master key is generated on first
 * start and kept in `<dataDir>/master-key`, so the indexes stay readable across restarts.
 */
export async function startLocalMeili(
  dataDir: string,
  sink: LogSink,
  detached = false,
): Promise<MeiliProcess> {
  await mkdir(dataDir, { recursive: true });
  // The start banner is noise in a shared terminal; a failed start reports its lines anyway.
  let started = false;
  const meili = await startMeilisearch({
    dataDir,
    masterKey: await readOrCreateKey(join(dataDir, 'master-key')),
    detached,
    onLog: (line) => {
      if (started) sink('meili', line);
    },
  });
  started = true;
  sink('meili', `Meilisearch is listening on ${meili.url}`);
  return meili;
}

async function readOrCreateKey(path: string): Promise<string> {
  try {
    const key = (await readFile(path, 'utf8')).trim();
    if (key.length >= 16) return key;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const key = randomBytes(24).toString('hex');
  await writeFile(path, `${key}\n`, { mode: 0o600 });
  return key;
}
