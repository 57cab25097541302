import { env, readConfig } from '@outloud/ops';
import { baseSettings } from '@outloud/service-kit';

export function loadConfig(source: Record<string, string | undefined>) {
  return readConfig(
    {
      ...baseSettings(8084),
      /** How often due challenge prompts are looked for. */
      LEARNING_PROMPT_INTERVAL_MS: env.int({ default: 30_000, min: 100, max: 3_600_000 }),
    },
    source,
  );
}
export type LearningConfig = ReturnType<typeof loadConfig>;
