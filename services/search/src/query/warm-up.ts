import type { Meilisearch } from 'meilisearch';

/**
 * One query per script whose segmenter Meilisearch loads on first use (Japanese, Chinese,
 * Korean, Thai): loading the Japanese dictionary alone takes seconds, which made the first such
 * search after a start outlast the gateway's RPC timeout (a 503 for that person).
 */
const SCRIPT_SAMPLES = ['ひらがなカタカナ', '漢字中文', '한국어', 'ภาษาไทย'];

/** Loads Meilisearch's text segmenters before the first person needs them. Best effort. */
export async function warmTextSegmenters(
  meili: Meilisearch,
  index: string,
  onError: (error: unknown) => void,
): Promise<void> {
  for (const q of SCRIPT_SAMPLES) {
    // Sequential: the point is to pay the loading cost now, not to add load at start.
    await meili
      .index(index)
      .search(q, { limit: 1, attributesToRetrieve: ['id'] })
      .catch(onError);
  }
}
