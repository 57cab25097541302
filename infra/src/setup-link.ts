import { spawn } from 'node:child_process';
import { serviceCommand } from './processes.js';
import { serviceEntry, type ServiceRuntime } from './services.js';

/** A one-time link that creates the first admin, with its token. */
export interface SetupLink {
  readonly token: string;
  readonly link: string;
}

/** How long a setup link works (the gateway's SETUP_TOKEN_TTL_MS). */
export const SETUP_LINK_VALID = '24 hours';

/**
 * Asks the gateway's `setup-link` entry for a fresh one-time setup link; null when the instance
 * has an admin already. `env` needs DATABASE_URL and PUBLIC_URL (migrations must have run).
 */
export async function requestSetupLink(options: {
  root: string;
  env: NodeJS.ProcessEnv;
  /** Default `source` (see StackOptions.runtime). */
  runtime?: ServiceRuntime;
}): Promise<SetupLink | null> {
  const runtime = options.runtime ?? 'source';
  const { command, args } = serviceCommand(serviceEntry('gateway', 'setup-link', runtime), runtime);
  const child = spawn(command, args, {
    cwd: options.root,
    env: { ...options.env, SERVICE_NAME: 'gateway', LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  if (code !== 0) {
    throw new Error(`could not make a setup link (exit code ${code}): ${stderr.trim() || stdout}`);
  }
  const line = stdout
    .trim()
    .split('\n')
    .reverse()
    .find((l) => l.startsWith('{"setupToken"'));
  if (!line) throw new Error(`the setup-link entry printed no link: ${stdout.slice(0, 500)}`);
  const parsed = JSON.parse(line) as { setupToken: string | null; setupLink: string | null };
  return parsed.setupToken && parsed.setupLink
    ? { token: parsed.setupToken, link: parsed.setupLink }
    : null;
}

/** The lines that tell whoever started Outloud how to create its first admin. */
export function setupLinkMessage(setup: SetupLink): string[] {
  const rule = '─'.repeat(72);
  return [
    rule,
    `Create the first admin of this Outloud: ${setup.link}`,
    `(works once, for ${SETUP_LINK_VALID}; run \`pnpm setup-link\` for a new one)`,
    rule,
  ];
}
