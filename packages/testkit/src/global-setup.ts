import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startMeilisearch } from '@outloud/meili';
import type { TestProject } from 'vitest/node';
import { dropStaleTestDatabases } from './database.js';

/**
 * Vitest global setup: one Meilisearch process for the run (or `MEILI_URL` when given), and a
 * sweep of test databases that crashed runs left behind.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  await dropStaleTestDatabases();
  if (process.env.MEILI_URL) {
    project.provide('meili', { url: process.env.MEILI_URL, key: process.env.MEILI_KEY ?? '' });
    return async () => undefined;
  }
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'outloud-meili-'));
  const meili = await startMeilisearch({
    dataDir,
    masterKey: 'outloud-test-master-key-0123456789',
  });
  project.provide('meili', { url: meili.url, key: meili.masterKey });
  return async () => {
    await meili.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
