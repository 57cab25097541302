import { Meilisearch } from 'meilisearch';
import { describe, expect, it } from 'vitest';
import { warmTextSegmenters } from './warm-up.js';

describe('warmTextSegmenters', () => {
  it('reports each failed warm-up query instead of failing the start', async () => {
    // Nothing listens on port 9: every query fails at once.
    const meili = new Meilisearch({ host: 'http://127.0.0.1:9', timeout: 1_000 });
    const errors: unknown[] = [];
    await expect(
      warmTextSegmenters(meili, 'posts', (error) => errors.push(error)),
    ).resolves.toBeUndefined();
    expect(errors).toHaveLength(4);
  });
});
