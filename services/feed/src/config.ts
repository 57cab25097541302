import { PREFIX_PATTERN } from '@outloud/contracts';
import { env, readConfig, serviceSettings } from '@outloud/ops';

export function loadConfig(source: Record<string, string | undefined>) {
  return readConfig(
    {
      ...serviceSettings({ opsPort: 8081, prefixPattern: PREFIX_PATTERN }),
      DB_POOL_SIZE: env.int({ default: 10, min: 1, max: 200 }),
    },
    source,
  );
}
export type FeedConfig = ReturnType<typeof loadConfig>;
