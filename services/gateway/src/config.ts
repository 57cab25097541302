import { env, readConfig } from '@outloud/ops';

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
  SESSION_TTL_HOURS: env.int({ default: 720, min: 1, max: 24 * 366 }),
  COOKIE_SECURE: env.bool({ default: false }),
  /** Failed sign-ins allowed per account and per IP within the login window. */
  RATE_LOGIN_MAX: env.int({ default: 10, min: 1 }),
  RATE_LOGIN_WINDOW_MINUTES: env.int({ default: 15, min: 1, max: 24 * 60 }),
  RATE_REGISTER_PER_HOUR: env.int({ default: 300, min: 1 }),
  RATE_WRITES_PER_MINUTE: env.int({ default: 120, min: 1 }),
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
  TRUST_PROXY: env.bool({ default: false }),
};

export type GatewayConfig = Readonly<{ [K in keyof typeof spec]: ReturnType<(typeof spec)[K]> }>;

/** Validates the environment once; throws a `ConfigError` naming every bad variable. */
export function readGatewayConfig(source: Record<string, string | undefined>): GatewayConfig {
  return readConfig(spec, source);
}

/** The configuration with every default, overridden by `overrides` (tests build apps this way). */
export function gatewayConfig(overrides: Partial<GatewayConfig> = {}): GatewayConfig {
  return Object.freeze({ ...readGatewayConfig({}), ...overrides });
}
