import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../src/identity/passwords.js';

describe('hashPassword', () => {
  it('stores scrypt parameters, a 16-byte salt and the derived key', async () => {
    const stored = await hashPassword('correct horse battery');
    const [scheme, N, r, p, salt, key] = stored.split('$');
    expect([scheme, N, r, p]).toEqual(['scrypt', '16384', '8', '1']);
    expect(Buffer.from(salt ?? '', 'base64')).toHaveLength(16);
    expect(Buffer.from(key ?? '', 'base64')).toHaveLength(64);
    expect(stored).not.toContain('correct horse battery');
  });

  it('salts every hash differently', async () => {
    expect(await hashPassword('same password!')).not.toBe(await hashPassword('same password!'));
  });
});

describe('verifyPassword', () => {
  it('accepts the right password and rejects a wrong one', async () => {
    const stored = await hashPassword('correct horse battery');
    expect(await verifyPassword('correct horse battery', stored)).toBe(true);
    expect(await verifyPassword('correct horse batterY', stored)).toBe(false);
  });

  it('returns false for malformed or hostile stored hashes instead of throwing', async () => {
    for (const stored of [
      '',
      'plain',
      'bcrypt$1$2$3$4$5',
      'scrypt$abc$8$1$c2FsdA==$a2V5',
      'scrypt$1073741824$8$1$c2FsdA==$a2V5',
      'scrypt$16384$8$1$$',
    ]) {
      expect(await verifyPassword('whatever password', stored)).toBe(false);
    }
  });
});
