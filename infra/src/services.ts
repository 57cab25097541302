import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Every Outloud service process, in start order. */
export const SERVICES = ['feed', 'search', 'notification', 'learning', 'gateway'] as const;
export type ServiceName = (typeof SERVICES)[number];

export type ServiceEntry = 'main' | 'migrate' | 'setup-link';

/**
 * How service processes run: `compiled` is production, the JavaScript that `tsc -b` wrote to each
 * service's `dist` (plain `node`, workspace packages from their `dist` too); `source` runs the
 * TypeScript through tsx with workspace packages from source, so tests see edits without a build.
 */
export type ServiceRuntime = 'compiled' | 'source';

/**
 * The runtime of the infra code itself: `compiled` when it runs from `infra/dist`, `source` when
 * run through tsx. The command-line entries start the services the same way they were started.
 */
export const OWN_RUNTIME: ServiceRuntime = import.meta.url.endsWith('.ts') ? 'source' : 'compiled';

/**
 * Path of a service's entry relative to the repo root: `services/feed/dist/src/main.js` compiled,
 * `services/feed/src/main.ts` from source.
 */
export function serviceEntry(
  name: ServiceName,
  entry: ServiceEntry,
  runtime: ServiceRuntime = 'source',
): string {
  return runtime === 'compiled'
    ? join('services', name, 'dist', 'src', `${entry}.js`)
    : join('services', name, 'src', `${entry}.ts`);
}

/** Throws one error naming every missing entry file. */
export function assertEntriesExist(
  root: string,
  names: readonly ServiceName[],
  entry: ServiceEntry,
  runtime: ServiceRuntime = 'source',
): void {
  const missing = names
    .map((name) => serviceEntry(name, entry, runtime))
    .filter((path) => !existsSync(join(root, path)));
  if (missing.length > 0) {
    throw new Error(
      `Missing ${entry} entr${missing.length === 1 ? 'y' : 'ies'}: ${missing.join(', ')}. ` +
        (runtime === 'compiled'
          ? 'Build the services first: pnpm build:server.'
          : 'Each service needs it to run; check that the checkout is complete.'),
    );
  }
}
