import type { CookieSerializeOptions } from '@fastify/cookie';
import { randomSecret, sha256 } from './secrets.js';

export const SESSION_COOKIE = 'outloud_session';

export interface NewSession {
  /** The cookie value; only its sha256 is stored. */
  token: string;
  /** sha256 of the token: the session's primary key. */
  id: string;
  csrfToken: string;
  expiresAt: Date;
}

export function newSession(now: Date, ttlMs: number): NewSession {
  const token = randomSecret();
  return {
    token,
    id: sha256(token),
    csrfToken: randomSecret(),
    expiresAt: new Date(now.getTime() + ttlMs),
  };
}

export function sessionIdOf(token: string): string {
  return sha256(token);
}

export function sessionCookieOptions(options: {
  secure: boolean;
  ttlMs: number;
}): CookieSerializeOptions {
  return {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: options.secure,
    maxAge: Math.floor(options.ttlMs / 1000),
  };
}

/** Methods that change nothing and so need no CSRF token. */
export function isSafeMethod(method: string): boolean {
  return method === 'GET' || method === 'HEAD' || method === 'OPTIONS';
}
