import { readConfig } from '@outloud/ops';
import { baseSettings } from '@outloud/service-kit';

export function loadConfig(source: Record<string, string | undefined>) {
  return readConfig(baseSettings(8081), source);
}
export type FeedConfig = ReturnType<typeof loadConfig>;
