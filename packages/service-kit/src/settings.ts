import { PREFIX_PATTERN } from '@outloud/contracts';
import { env, serviceSettings } from '@outloud/ops';

/**
 * The variables every service behind the gateway reads (database, pool size, NATS, prefix, ops
 * port, log level). A service's `config.ts` spreads these and adds its own.
 */
export function baseSettings(opsPort: number) {
  return {
    ...serviceSettings({ opsPort, prefixPattern: PREFIX_PATTERN }),
    DB_POOL_SIZE: env.int({ default: 10, min: 1, max: 200 }),
  };
}
