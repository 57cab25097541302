import { checkNodeVersion, loadDotEnv, readLauncherConfig } from './env.js';
import { createConsoleSink } from './log.js';
import { findRepoRoot } from './paths.js';
import { OWN_RUNTIME } from './services.js';
import { requestSetupLink, setupLinkMessage } from './setup-link.js';

// `pnpm setup-link`: prints a fresh one-time link that creates the first admin of an existing
// database (for when the one printed at start expired or was lost).

const sink = createConsoleSink();
const say = (line: string): void => sink('outloud', line);

async function main(): Promise<number> {
  try {
    checkNodeVersion();
    const root = findRepoRoot();
    if (loadDotEnv(root)) say('Read settings from .env.');
    const config = readLauncherConfig(process.env);
    const publicUrl = process.env.PUBLIC_URL ?? `http://localhost:${config.port}`;
    const setup = await requestSetupLink({
      root,
      runtime: OWN_RUNTIME,
      env: { ...process.env, DATABASE_URL: config.databaseUrl, PUBLIC_URL: publicUrl },
    });
    if (!setup) {
      say(`This Outloud already has an admin: sign in at ${publicUrl}.`);
      return 0;
    }
    for (const line of setupLinkMessage(setup)) say(line);
    return 0;
  } catch (err) {
    say(err instanceof Error ? err.message : String(err));
    return 1;
  }
}

void main().then((code) => process.exit(code));
