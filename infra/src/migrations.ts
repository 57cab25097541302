import type { LogSink } from './log.js';
import { runToCompletion, tsxCommand, type ManagedProcess } from './processes.js';
import { assertEntriesExist, serviceEntry, SERVICES, type ServiceName } from './services.js';

export interface RunMigrationsOptions {
  root: string;
  /** Environment for the migrate entries (DATABASE_URL, OUTLOUD_PREFIX, …). */
  env: NodeJS.ProcessEnv;
  sink: LogSink;
  services?: readonly ServiceName[];
  /** Receives each spawned process, so a caller can kill it on abort. */
  track?: (proc: ManagedProcess) => void;
}

/** Runs `services/<name>/src/migrate.ts` for each service, one after the other. */
export async function runMigrations(options: RunMigrationsOptions): Promise<void> {
  const services = options.services ?? SERVICES;
  assertEntriesExist(options.root, services, 'migrate');
  for (const name of services) {
    const { command, args } = tsxCommand(serviceEntry(name, 'migrate'));
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
