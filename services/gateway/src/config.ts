import { isIP } from 'node:net';
import { ConfigError, env, readConfig } from '@outloud/ops';
import { readOidcProviders, type OidcProviderConfig } from './identity/oidc/oidc-config.js';

const MIB = 1024 * 1024;

/** Every environment variable the gateway reads, with its default. */
const spec = {
  DATABASE_URL: env.url({
    default: 'postgres://postgres:postgres@127.0.0.1:5432/outloud',
    protocols: ['postgres:', 'postgresql:'],
  }),
  NATS_URL: env.url({
    default: 'nats://127.0.0.1:4222',
    protocols: ['nats:', 'tls:', 'ws:', 'wss:'],
  }),
  OUTLOUD_PREFIX: env.string({
    default: '',
    pattern: /^[a-zA-Z0-9_-]*$/,
    hint: 'letters, digits, _ and - only',
  }),
  PORT: env.int({ default: 8080, min: 0, max: 65_535 }),
  HOST: env.string({ default: '0.0.0.0' }),
  LOG_LEVEL: env.string({
    default: 'info',
    pattern: /^(fatal|error|warn|info|debug|trace|silent)$/,
    hint: 'fatal, error, warn, info, debug, trace or silent',
  }),
  /** Folder of the built web app; served at `/` when set and present. */
  WEB_DIST: env.optional(),
  /** The address people open Outloud at; links in emails and after single sign-on point there. */
  PUBLIC_URL: env.url({ default: 'http://localhost:8080', protocols: ['http:', 'https:'] }),
  /** Where uploaded files (avatars, attachments) are kept on local disk. */
  DATA_DIR: env.string({ default: '.data' }),
  /**
   * SMTP server for account emails, e.g. `smtps://user:pass@smtp.example:465`. Unset: emails are
   * not sent; their links are logged and listed on the admins' outbox page, so a trial still works.
   */
  SMTP_URL: env.optional(),
  SMTP_FROM: env.string({ default: 'Outloud <outloud@localhost>' }),
  /** How long a password-reset link works (at most an hour). */
  RESET_TOKEN_TTL_MINUTES: env.int({ default: 60, min: 5, max: 60 }),
  /** How long an invitation link works. */
  INVITATION_TTL_DAYS: env.int({ default: 14, min: 1, max: 90 }),
  /** How long an email-verification link works. */
  VERIFY_TOKEN_TTL_HOURS: env.int({ default: 48, min: 1, max: 24 * 30 }),
  /** Password-reset requests allowed per client IP and per email address per hour. */
  RATE_PASSWORD_RESET_PER_HOUR: env.int({ default: 10, min: 1 }),
  SESSION_TTL_HOURS: env.int({ default: 720, min: 1, max: 24 * 366 }),
  COOKIE_SECURE: env.bool({ default: false }),
  /** Failed sign-ins allowed per account within the login window. */
  RATE_LOGIN_MAX: env.int({ default: 10, min: 1 }),
  /** Failed sign-ins allowed per client IP (over every account) within the login window. */
  RATE_LOGIN_IP_MAX: env.int({ default: 100, min: 1 }),
  RATE_LOGIN_WINDOW_MINUTES: env.int({ default: 15, min: 1, max: 24 * 60 }),
  RATE_REGISTER_PER_HOUR: env.int({ default: 300, min: 1 }),
  RATE_WRITES_PER_MINUTE: env.int({ default: 120, min: 1 }),
  /**
   * A newcomer's first hours after their account was made, in which modest caps apply, so that a
   * spam account does little before someone notices (0: no newcomer limits).
   */
  NEWCOMER_HOURS: env.int({ default: 24, min: 0, max: 24 * 30 }),
  /** New posts and answers a newcomer may write in those hours. */
  NEWCOMER_POSTS: env.int({ default: 10, min: 1 }),
  /** Links leading off Outloud a newcomer may write in those hours, over all they write. */
  NEWCOMER_LINKS: env.int({ default: 5, min: 0 }),
  /** Catch-up reads (`GET /live/events`) per user per minute. */
  RATE_CATCHUP_PER_MINUTE: env.int({ default: 120, min: 1 }),
  /** Socket subscribe/unsubscribe messages allowed per socket: a rate per second and a burst. */
  LIVE_SUBSCRIBE_PER_SECOND: env.int({ default: 20, min: 1 }),
  LIVE_SUBSCRIBE_BURST: env.int({ default: 50, min: 1 }),
  /** Channel and post rooms one socket may follow at once. */
  LIVE_MAX_ROOMS: env.int({ default: 200, min: 1, max: 10_000 }),
  /** How often each gateway checks that its sockets' sessions and tokens are still valid. */
  LIVE_CREDENTIAL_SWEEP_MS: env.int({ default: 2_000, min: 100, max: 60_000 }),
  BODY_LIMIT_BYTES: env.int({ default: MIB, min: 1024, max: 100 * MIB }),
  /** Read by `readTrustProxy` (below), which knows its forms. */
  TRUST_PROXY: env.optional(),
  /** Single sign-on: comma-separated provider ids, each read by `readOidcProviders`. */
  OIDC_PROVIDERS: env.optional(),
};

/**
 * Which peers may tell the client's address in `X-Forwarded-For` (Fastify's `trustProxy`):
 * `false` none (the peer is the client), a number of proxy hops in front of the gateway, or the
 * proxies' addresses and CIDR ranges (`loopback`, `linklocal`, `uniquelocal` name the usual ones).
 */
export type TrustProxy = false | number | string[];

const TRUST_PROXY_FORMS =
  'false, a hop count such as 1 (one reverse proxy in front), or the proxies as a comma-separated ' +
  'list of addresses/CIDRs such as 127.0.0.1,10.0.0.0/8';
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);
const MAX_HOPS = 32;

function isAddressOrCidr(entry: string): boolean {
  if (NAMED_RANGES.has(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/** Parses `TRUST_PROXY`; throws a message for the config error when it is none of its forms. */
export function readTrustProxy(raw: string | undefined): TrustProxy {
  const value = raw?.trim() ?? '';
  if (value === '' || /^(false|no|0)$/i.test(value)) return false;
  if (/^(true|yes)$/i.test(value)) {
    throw new Error(
      `must no longer be true: that trusts an X-Forwarded-For any client can forge, so per-IP ` +
        `limits could be bypassed. Use ${TRUST_PROXY_FORMS}`,
    );
  }
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops > MAX_HOPS) throw new Error(`must be a hop count from 0 to ${MAX_HOPS}`);
    return hops;
  }
  const entries = value.split(',').map((entry) => entry.trim());
  const bad = entries.filter((entry) => !isAddressOrCidr(entry));
  if (bad.length > 0) {
    throw new Error(`has ${bad.map((b) => `"${b}"`).join(', ')}; use ${TRUST_PROXY_FORMS}`);
  }
  return entries;
}

/**
 * `TRUST_PROXY` as Fastify's `trustProxy` option. A hop count becomes the function Fastify itself
 * makes of a number (its types do not list numbers): trust the nearest `hops` addresses.
 */
export function fastifyTrustProxy(
  trust: TrustProxy,
): false | string[] | ((address: string, hop: number) => boolean) {
  if (typeof trust !== 'number') return trust;
  return (_address, hop) => hop < trust;
}

type SpecValues = { [K in keyof typeof spec]: ReturnType<(typeof spec)[K]> };
export type GatewayConfig = Readonly<
  Omit<SpecValues, 'TRUST_PROXY' | 'OIDC_PROVIDERS'> & {
    TRUST_PROXY: TrustProxy;
    OIDC_PROVIDERS: readonly OidcProviderConfig[];
  }
>;

/** Validates the environment once; throws a `ConfigError` naming every bad variable. */
export function readGatewayConfig(source: Record<string, string | undefined>): GatewayConfig {
  const problems: string[] = [];
  let trustProxy: TrustProxy = false;
  try {
    trustProxy = readTrustProxy(source.TRUST_PROXY);
  } catch (error) {
    problems.push(`TRUST_PROXY ${(error as Error).message}`);
  }
  const oidc = readOidcProviders(source);
  problems.push(...oidc.problems);
  let values: SpecValues | undefined;
  try {
    values = readConfig(spec, source);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.unshift(...error.problems);
  }
  if (problems.length > 0 || !values) throw new ConfigError(problems);
  return Object.freeze({
    ...values,
    TRUST_PROXY: trustProxy,
    OIDC_PROVIDERS: Object.freeze(oidc.providers),
  });
}

/** The configuration with every default, overridden by `overrides` (tests build apps this way). */
export function gatewayConfig(overrides: Partial<GatewayConfig> = {}): GatewayConfig {
  return Object.freeze({ ...readGatewayConfig({}), ...overrides });
}
