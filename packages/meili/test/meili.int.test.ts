import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Meilisearch } from 'meilisearch';
import { describe, expect, it } from 'vitest';
import { startMeilisearch } from '../src/index.js';

async function answers(url: string): Promise<boolean> {
  try {
    await fetch(`${url}/health`, { signal: AbortSignal.timeout(1_000) });
    return true;
  } catch {
    return false;
  }
}

describe('startMeilisearch', () => {
  it('serves typo-tolerant search and stops cleanly', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'outloud-meili-'));
    try {
      const meili = await startMeilisearch({ dataDir });
      const client = new Meilisearch({ host: meili.url, apiKey: meili.masterKey });
      const index = client.index<{ id: string; title: string }>('posts');

      await index
        .addDocuments([
          { id: 'a', title: 'How do I rotate Kubernetes secrets?' },
          { id: 'b', title: 'Tips for running a retrospective' },
        ])
        .waitTask();
      const result = await index.search('kubernets');

      expect(result.hits.map((hit) => hit.id)).toEqual(['a']);

      await meili.stop();
      await meili.stop();
      expect(await answers(meili.url)).toBe(false);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 60_000);

  it('rejects requests without the master key', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'outloud-meili-'));
    try {
      await using meili = await startMeilisearch({
        dataDir,
        masterKey: 'a-test-master-key-0123456789',
      });
      const response = await fetch(`${meili.url}/indexes`);

      expect(response.status).toBe(401);
      expect(meili.masterKey).toBe('a-test-master-key-0123456789');
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
