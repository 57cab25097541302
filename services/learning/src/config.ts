import { PREFIX_PATTERN } from '@outloud/contracts';
import { env, readConfig, serviceSettings } from '@outloud/ops';

export function loadConfig(source: Record<string, string | undefined>) {
  return readConfig(
    {
      ...serviceSettings({ opsPort: 8084, prefixPattern: PREFIX_PATTERN }),
      DB_POOL_SIZE: env.int({ default: 10, min: 1, max: 200 }),
      /** How often due challenge prompts are looked for. */
      LEARNING_PROMPT_INTERVAL_MS: env.int({ default: 30_000, min: 100, max: 3_600_000 }),
    },
    source,
  );
}
export type LearningConfig = ReturnType<typeof loadConfig>;
