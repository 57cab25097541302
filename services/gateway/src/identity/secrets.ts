import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Prefix of personal API tokens, so leaked ones are easy to recognise (and to scan for). */
export const API_TOKEN_PREFIX = 'olt_';

/** 32 random bytes, base64url. */
export function randomSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function newApiToken(): string {
  return `${API_TOKEN_PREFIX}${randomSecret()}`;
}

/** Secrets are stored as their sha256 (hex); the secret itself is shown once. */
export function sha256(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** Compares two strings in time that does not depend on where they differ. */
export function safeEqual(a: string, b: string): boolean {
  const left = createHash('sha256').update(a, 'utf8').digest();
  const right = createHash('sha256').update(b, 'utf8').digest();
  // Hashing first gives equal lengths, so timingSafeEqual never throws or leaks the length.
  return timingSafeEqual(left, right);
}
