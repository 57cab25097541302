import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Every Outloud service process, in start order. */
export const SERVICES = ['feed', 'search', 'notification', 'learning', 'gateway'] as const;
export type ServiceName = (typeof SERVICES)[number];

export type ServiceEntry = 'main' | 'migrate';

/** Path of a service's entry relative to the repo root, e.g. `services/feed/src/main.ts`. */
export function serviceEntry(name: ServiceName, entry: ServiceEntry): string {
  return join('services', name, 'src', `${entry}.ts`);
}

/** Throws one error naming every missing entry file. */
export function assertEntriesExist(
  root: string,
  names: readonly ServiceName[],
  entry: ServiceEntry,
): void {
  const missing = names
    .map((name) => serviceEntry(name, entry))
    .filter((path) => !existsSync(join(root, path)));
  if (missing.length > 0) {
    throw new Error(
      `Missing ${entry} entr${missing.length === 1 ? 'y' : 'ies'}: ${missing.join(', ')}. ` +
        'Each service needs it to run; check that the checkout is complete.',
    );
  }
}
