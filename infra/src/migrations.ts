import type { LogSink } from './log.js';
import { runToCompletion, serviceCommand, type ManagedProcess } from './processes.js';
import {
  assertEntriesExist,
  serviceEntry,
  SERVICES,
  type ServiceName,
  type ServiceRuntime,
} from './services.js';

export interface RunMigrationsOptions {
  root: string;
  /** Environment for the migrate entries (DATABASE_URL, OUTLOUD_PREFIX, …). */
  env: NodeJS.ProcessEnv;
  sink: LogSink;
  services?: readonly ServiceName[];
  /** Compiled JavaScript or TypeScript through tsx (see StackOptions.runtime). Default `source`. */
  runtime?: ServiceRuntime;
  /** Receives each spawned process, so a caller can kill it on abort. */
  track?: (proc: ManagedProcess) => void;
}

/** Runs each service's `migrate` entry, one after the other. */
export async function runMigrations(options: RunMigrationsOptions): Promise<void> {
  const services = options.services ?? SERVICES;
  const runtime = options.runtime ?? 'source';
  assertEntriesExist(options.root, services, 'migrate', runtime);
  for (const name of services) {
    const { command, args } = serviceCommand(serviceEntry(name, 'migrate', runtime), runtime);
    await runToCompletion(
      {
        name: `migrate:${name}`,
        command,
        args,
        cwd: options.root,
        env: { ...options.env, SERVICE_NAME: name },
        sink: options.sink,
      },
      options.track,
    );
  }
}
