import { describe, expect, it } from 'vitest';
import {
  API_TOKEN_PREFIX,
  newApiToken,
  randomSecret,
  safeEqual,
  sha256,
} from '../src/identity/secrets.js';
import {
  isSafeMethod,
  newSession,
  sessionCookieOptions,
  sessionIdOf,
} from '../src/identity/sessions.js';
import { bearerTokenOf } from '../src/identity/auth.hooks.js';

describe('safeEqual (CSRF token comparison)', () => {
  it('is true only for identical strings', () => {
    const token = randomSecret();
    expect(safeEqual(token, token)).toBe(true);
    expect(safeEqual(token, `${token}x`)).toBe(false);
    expect(safeEqual(token, token.slice(0, -1))).toBe(false);
    expect(safeEqual(token, '')).toBe(false);
    expect(safeEqual('', '')).toBe(true);
    expect(safeEqual('é', 'e')).toBe(false);
  });
});

describe('API tokens', () => {
  it('are 32 random bytes in base64url behind a recognisable prefix', () => {
    const token = newApiToken();
    expect(token.startsWith(API_TOKEN_PREFIX)).toBe(true);
    expect(Buffer.from(token.slice(API_TOKEN_PREFIX.length), 'base64url')).toHaveLength(32);
    expect(token.slice(API_TOKEN_PREFIX.length)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newApiToken()).not.toBe(token);
  });

  it('are stored as their sha256', () => {
    expect(sha256('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('sessions', () => {
  it('keys a session by the sha256 of its cookie token and expires it after the TTL', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const session = newSession(now, 3_600_000);
    expect(session.id).toBe(sessionIdOf(session.token));
    expect(session.id).not.toContain(session.token);
    expect(session.csrfToken).not.toBe(session.token);
    expect(session.expiresAt.toISOString()).toBe('2026-01-01T01:00:00.000Z');
  });

  it('sets an httpOnly, SameSite=Lax cookie for the whole site', () => {
    expect(sessionCookieOptions({ secure: true, ttlMs: 7_200_000 })).toEqual({
      httpOnly: true,
      sameSite: 'lax',
      path: '/',
      secure: true,
      maxAge: 7200,
    });
  });

  it('asks for a CSRF token on every method but GET, HEAD and OPTIONS', () => {
    expect(['GET', 'HEAD', 'OPTIONS'].every(isSafeMethod)).toBe(true);
    expect(['POST', 'PUT', 'PATCH', 'DELETE'].some(isSafeMethod)).toBe(false);
  });
});

describe('bearerTokenOf', () => {
  it('reads a Bearer authorization header', () => {
    expect(bearerTokenOf('Bearer olt_abc')).toBe('olt_abc');
    expect(bearerTokenOf('bearer   olt_abc ')).toBe('olt_abc');
    expect(bearerTokenOf('Basic dXNlcjpwYXNz')).toBeUndefined();
    expect(bearerTokenOf(undefined)).toBeUndefined();
  });
});
