import { describe, expect, it } from 'vitest';
import { ConfigError } from '@outloud/ops';
import { readGatewayConfig } from '../src/config.js';

describe('readGatewayConfig', () => {
  it('has a default for every variable', () => {
    const config = readGatewayConfig({});
    expect(config).toMatchObject({
      DATABASE_URL: 'postgres://postgres:postgres@127.0.0.1:5432/outloud',
      NATS_URL: 'nats://127.0.0.1:4222',
      OUTLOUD_PREFIX: '',
      PORT: 8080,
      HOST: '0.0.0.0',
      LOG_LEVEL: 'info',
      SESSION_TTL_HOURS: 720,
      COOKIE_SECURE: false,
      RATE_LOGIN_MAX: 10,
      RATE_LOGIN_WINDOW_MINUTES: 15,
      RATE_REGISTER_PER_HOUR: 300,
      RATE_WRITES_PER_MINUTE: 120,
      BODY_LIMIT_BYTES: 1024 * 1024,
      TRUST_PROXY: false,
    });
    expect(config.WEB_DIST).toBeUndefined();
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads overrides', () => {
    const config = readGatewayConfig({
      PORT: '9000',
      COOKIE_SECURE: 'true',
      WEB_DIST: 'web/dist',
      RATE_LOGIN_MAX: '3',
    });
    expect(config).toMatchObject({
      PORT: 9000,
      COOKIE_SECURE: true,
      WEB_DIST: 'web/dist',
      RATE_LOGIN_MAX: 3,
    });
  });

  it('fails once, naming every bad variable', () => {
    let error: unknown;
    try {
      readGatewayConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x/y', COOKIE_SECURE: 'maybe' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => p.split(' ')[0]).sort()).toEqual([
      'COOKIE_SECURE',
      'DATABASE_URL',
      'PORT',
    ]);
  });
});
