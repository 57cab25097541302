import { PREFIX_PATTERN } from '@outloud/contracts';
import { env, readConfig, serviceSettings } from '@outloud/ops';

export function loadConfig(source: Record<string, string | undefined>) {
  return readConfig(
    {
      ...serviceSettings({ opsPort: 8082, prefixPattern: PREFIX_PATTERN }),
      MEILI_URL: env.url({ protocols: ['http:', 'https:'] }),
      MEILI_KEY: env.optional(),
      SEARCH_BATCH_DELAY_MS: env.int({ default: 20, min: 0, max: 5_000 }),
    },
    source,
  );
}
