import { env, readConfig } from '@outloud/ops';
import { baseSettings } from '@outloud/service-kit';

export function loadConfig(source: Record<string, string | undefined>) {
  return readConfig(
    {
      ...baseSettings(8082),
      MEILI_URL: env.url({ protocols: ['http:', 'https:'] }),
      MEILI_KEY: env.optional(),
      SEARCH_BATCH_DELAY_MS: env.int({ default: 20, min: 0, max: 5_000 }),
    },
    source,
  );
}
export type SearchConfig = ReturnType<typeof loadConfig>;
