import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { LogSink } from './log.js';
import { runToCompletion, type ManagedProcess } from './processes.js';

/** Absolute path of the built web app. */
export function webDist(root: string): string {
  return join(root, 'web', 'dist');
}

/** Builds the web app unless `web/dist/index.html` already exists. Returns true if it built. */
export async function ensureWebBuild(
  root: string,
  sink: LogSink,
  track: (proc: ManagedProcess) => void,
): Promise<boolean> {
  if (existsSync(join(webDist(root), 'index.html'))) return false;
  sink('outloud', 'Building the web app (web/dist is missing)…');
  await runToCompletion(
    {
      name: 'web',
      command: 'pnpm',
      args: ['--filter', '@outloud/web', 'build'],
      cwd: root,
      env: process.env,
      sink,
    },
    track,
  );
  return true;
}
