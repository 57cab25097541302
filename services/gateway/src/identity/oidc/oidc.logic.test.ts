import { describe, expect, it } from 'vitest';
import {
  callbackUrl,
  displayNameOf,
  failureUrl,
  handleCandidates,
  landingUrl,
  readClaims,
  safeReturnTo,
} from './oidc.logic.js';

describe('safeReturnTo', () => {
  it('keeps hash routes of the app', () => {
    for (const route of ['#/', '#/channels', '#/posts/1?answer=2', '#/search?q=a%20b&kind=tip'])
      expect(safeReturnTo(route), route).toBe(route);
  });

  it('drops anything that could lead elsewhere', () => {
    for (const raw of [
      undefined,
      '',
      'https://evil.example/#/',
      '//evil.example',
      '/#/x',
      '#//evil.example',
      '#/a\\b',
      '#/a b',
      '#/a\nb',
      '#/a#b',
      `#/${'a'.repeat(400)}`,
    ])
      expect(safeReturnTo(raw), String(raw)).toBeNull();
  });

  it('keeps double slashes inside a path', () => {
    expect(safeReturnTo('#/a//b')).toBe('#/a//b');
  });
});

describe('addresses', () => {
  it('are built on PUBLIC_URL, with or without its trailing slash or a path', () => {
    expect(landingUrl('https://outloud.example', null)).toBe('https://outloud.example/#/');
    expect(landingUrl('https://outloud.example/', '#/channels')).toBe(
      'https://outloud.example/#/channels',
    );
    expect(failureUrl('https://x.example/outloud/', 'signup_closed')).toBe(
      'https://x.example/outloud/#/signin?error=signup_closed',
    );
    expect(callbackUrl('https://x.example/outloud', 'corp')).toBe(
      'https://x.example/outloud/api/v1/auth/oidc/corp/callback',
    );
  });
});

describe('handleCandidates', () => {
  const digits = () => '1234';

  it('derives a handle from the user name, or the email’s local part', () => {
    expect(handleCandidates({ preferredUsername: 'Ada.Lovelace', email: null }, digits)[0]).toBe(
      'ada_lovelace',
    );
    expect(
      handleCandidates({ preferredUsername: 'ada@corp.example', email: 'x@y.z' }, digits)[0],
    ).toBe('ada');
    expect(handleCandidates({ preferredUsername: null, email: 'José.Núñez@x.es' }, digits)[0]).toBe(
      'jose_nunez',
    );
  });

  it('always gives a valid handle, however odd the claims', () => {
    const pattern = /^[a-z0-9_]{3,30}$/;
    for (const name of [null, '', 'a', '__', '李小龍', 'x'.repeat(80), '-.-', 'ab'])
      for (const handle of handleCandidates({ preferredUsername: name, email: null }, digits))
        expect(handle, String(name)).toMatch(pattern);
  });

  it('follows the first choice with suffixed ones', () => {
    let n = 1000;
    expect(
      handleCandidates({ preferredUsername: 'sam', email: null }, () => String(n++), 3),
    ).toEqual(['sam', 'sam_1000', 'sam_1001']);
  });
});

describe('displayNameOf', () => {
  it('prefers the name, then the user name, then the handle, within the length limit', () => {
    expect(displayNameOf({ name: ' Ada ', preferredUsername: 'ada' }, 'h')).toBe('Ada');
    expect(displayNameOf({ name: null, preferredUsername: 'ada' }, 'h')).toBe('ada');
    expect(displayNameOf({ name: '  ', preferredUsername: null }, 'h')).toBe('h');
    expect(displayNameOf({ name: 'x'.repeat(200), preferredUsername: null }, 'h')).toHaveLength(80);
  });
});

describe('readClaims', () => {
  it('reads the ID token, completed by UserInfo', () => {
    expect(
      readClaims({ sub: 's1', name: 'Ada' }, { email: 'ada@x.example', email_verified: true }),
    ).toEqual({
      sub: 's1',
      email: 'ada@x.example',
      emailVerified: true,
      name: 'Ada',
      preferredUsername: null,
    });
  });

  it('counts an email as verified only when the claim is literally true', () => {
    for (const value of ['true', 1, undefined, null])
      expect(readClaims({ sub: 's', email: 'a@b.c', email_verified: value }).emailVerified).toBe(
        false,
      );
  });

  it('drops what is not an email address', () => {
    expect(readClaims({ sub: 's', email: 'not an email' }).email).toBeNull();
    expect(readClaims({ sub: 's', email: 42 }).email).toBeNull();
  });
});
