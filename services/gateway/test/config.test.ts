import { describe, expect, it } from 'vitest';
import { ConfigError } from '@outloud/ops';
import { fastifyTrustProxy, readGatewayConfig } from '../src/config.js';

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
      RATE_LOGIN_IP_MAX: 100,
      RATE_LOGIN_WINDOW_MINUTES: 15,
      RATE_REGISTER_PER_HOUR: 300,
      RATE_WRITES_PER_MINUTE: 120,
      NEWCOMER_HOURS: 24,
      NEWCOMER_POSTS: 10,
      NEWCOMER_LINKS: 5,
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

  it('fails once, naming TRUST_PROXY among other bad variables', () => {
    let error: unknown;
    try {
      readGatewayConfig({ PORT: 'eighty', TRUST_PROXY: 'everyone' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => p.split(' ')[0]).sort()).toEqual([
      'PORT',
      'TRUST_PROXY',
    ]);
  });
});

describe('TRUST_PROXY', () => {
  const trustProxy = (raw: string) => readGatewayConfig({ TRUST_PROXY: raw }).TRUST_PROXY;
  const problemsOf = (raw: string): string[] => {
    try {
      readGatewayConfig({ TRUST_PROXY: raw });
    } catch (error) {
      if (error instanceof ConfigError) return error.problems;
      throw error;
    }
    throw new Error(`TRUST_PROXY=${raw} was accepted`);
  };

  it('is off when unset, empty, false or 0', () => {
    for (const raw of ['', 'false', 'FALSE', '0', 'no']) expect(trustProxy(raw)).toBe(false);
  });

  it('takes a hop count', () => {
    expect(trustProxy('1')).toBe(1);
    expect(trustProxy('2')).toBe(2);
  });

  it('takes a comma-separated list of addresses and CIDR ranges', () => {
    expect(trustProxy('127.0.0.1, 10.0.0.0/8,::1,fd00::/8,loopback')).toEqual([
      '127.0.0.1',
      '10.0.0.0/8',
      '::1',
      'fd00::/8',
      'loopback',
    ]);
  });

  it('refuses true, saying what to use instead', () => {
    for (const raw of ['true', 'yes', 'TRUE']) {
      const [problem, ...rest] = problemsOf(raw);
      expect(rest).toEqual([]);
      expect(problem).toMatch(/^TRUST_PROXY must no longer be true/);
      expect(problem).toContain('hop count');
      expect(problem).toContain('10.0.0.0/8');
    }
  });

  it('refuses entries that are not addresses or ranges, naming them', () => {
    expect(problemsOf('127.0.0.1,proxy.local')[0]).toContain('"proxy.local"');
    expect(problemsOf('10.0.0.0/33')[0]).toContain('"10.0.0.0/33"');
    expect(problemsOf('10.0.0.1/8/1')[0]).toContain('"10.0.0.1/8/1"');
    expect(problemsOf('999')[0]).toMatch(/^TRUST_PROXY must be a hop count/);
  });

  it('becomes a Fastify option that trusts exactly the counted hops', () => {
    const trust = fastifyTrustProxy(2);
    expect(typeof trust).toBe('function');
    const trusts = trust as (address: string, hop: number) => boolean;
    expect([0, 1, 2].map((hop) => trusts('203.0.113.9', hop))).toEqual([true, true, false]);
    expect(fastifyTrustProxy(false)).toBe(false);
    expect(fastifyTrustProxy(['10.0.0.0/8'])).toEqual(['10.0.0.0/8']);
  });
});
