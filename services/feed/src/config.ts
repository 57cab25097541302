import { env, readConfig } from '@outloud/ops';
import { baseSettings } from '@outloud/service-kit';

export function loadConfig(source: Record<string, string | undefined>) {
  return readConfig(
    {
      ...baseSettings(8081),
      /** How often owners of content whose review date passed are told (seconds). */
      REVIEW_SWEEP_SECONDS: env.int({ default: 300, min: 1, max: 86_400 }),
      /** Open flags from this many different people hide a post or answer until reviewed. */
      FLAG_HIDE_THRESHOLD: env.int({ default: 3, min: 1, max: 100 }),
    },
    source,
  );
}
export type FeedConfig = ReturnType<typeof loadConfig>;
