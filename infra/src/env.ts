import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Launcher configuration, read once from the environment. */
export interface LauncherConfig {
  readonly databaseUrl: string;
  readonly natsUrl: string;
  /** An external Meilisearch; when absent the launcher starts one from the npm package. */
  readonly meili: { readonly url: string; readonly key: string } | undefined;
  readonly port: number;
  readonly prefix: string;
  readonly logLevel: string;
}

export const DEFAULT_DATABASE_URL = 'postgres://postgres:postgres@127.0.0.1:5432/outloud';
export const DEFAULT_NATS_URL = 'nats://127.0.0.1:4222';
export const DEFAULT_PORT = 8080;
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const MIN_NODE: readonly [number, number] = [20, 19];

/** Thrown when the environment is wrong; its message lists every bad variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Throws a ConfigError unless this Node is at least 20.19. */
export function checkNodeVersion(version: string = process.versions.node): void {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  const [needMajor, needMinor] = MIN_NODE;
  if (major > needMajor || (major === needMajor && minor >= needMinor)) return;
  throw new ConfigError(
    `Outloud needs Node.js ${needMajor}.${needMinor} or newer; this is ${version}. ` +
      'Install a current Node 20 or 22 LTS (https://nodejs.org/en/download).',
  );
}

/** Reads and validates the launcher's variables; throws one ConfigError naming every bad one. */
export function readLauncherConfig(env: NodeJS.ProcessEnv): LauncherConfig {
  const problems: string[] = [];
  const text = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value ? value : undefined;
  };

  const databaseUrl = text('DATABASE_URL') ?? DEFAULT_DATABASE_URL;
  if (
    !isUrl(databaseUrl, ['postgres:', 'postgresql:']) ||
    new URL(databaseUrl).pathname.length < 2
  ) {
    problems.push('DATABASE_URL must look like postgres://user:password@host:5432/outloud');
  }

  const natsUrl = text('NATS_URL') ?? DEFAULT_NATS_URL;
  if (
    !natsUrl.split(',').every((server) => isUrl(server.trim(), ['nats:', 'tls:', 'ws:', 'wss:']))
  ) {
    problems.push('NATS_URL must look like nats://host:4222 (several servers: comma-separated)');
  }

  const meiliUrl = text('MEILI_URL');
  if (meiliUrl !== undefined && !isUrl(meiliUrl, ['http:', 'https:'])) {
    problems.push('MEILI_URL must look like http://host:7700 (or be unset to start one)');
  }
  const meiliKey = text('MEILI_KEY');
  if (meiliKey !== undefined && meiliUrl === undefined) {
    problems.push('MEILI_KEY is only used with MEILI_URL; set both or neither');
  }

  const portText = text('PORT');
  const port = portText === undefined ? DEFAULT_PORT : Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    problems.push('PORT must be a TCP port number between 1 and 65535');
  }

  const prefix = text('OUTLOUD_PREFIX') ?? '';
  // Same rule as PREFIX_PATTERN in @outloud/contracts, which the services enforce.
  if (!/^[a-z0-9_]{0,32}$/.test(prefix)) {
    problems.push('OUTLOUD_PREFIX may hold at most 32 lowercase letters, digits and "_"');
  }

  const logLevel = text('LOG_LEVEL') ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) {
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  }

  if (problems.length > 0) {
    throw new ConfigError(`Invalid environment:\n  - ${problems.join('\n  - ')}`);
  }
  return Object.freeze({
    databaseUrl,
    natsUrl,
    meili:
      meiliUrl === undefined ? undefined : Object.freeze({ url: meiliUrl, key: meiliKey ?? '' }),
    port,
    prefix,
    logLevel,
  });
}

function isUrl(value: string, protocols: readonly string[]): boolean {
  try {
    return protocols.includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

/**
 * Loads `<root>/.env` into process.env when it exists; variables already set win.
 * Returns whether a file was loaded.
 */
export function loadDotEnv(root: string): boolean {
  const path = join(root, '.env');
  if (!existsSync(path)) return false;
  process.loadEnvFile(path);
  return true;
}
