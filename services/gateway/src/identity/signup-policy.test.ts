import { describe, expect, it } from 'vitest';
import { emailDomain, signupRefusal } from './signup-policy.js';

describe('signupRefusal', () => {
  const domain = { signup: 'domain' as const, allowedDomains: ['example.com'] };

  it('lets anyone in when sign-up is open', () => {
    expect(signupRefusal({ signup: 'open', allowedDomains: [] }, 'a@x.org', false)).toBeNull();
  });

  it('lets addresses at an allowed domain or its subdomains in, and no others', () => {
    expect(signupRefusal(domain, 'ada@EXAMPLE.com', false)).toBeNull();
    expect(signupRefusal(domain, 'ada@eu.example.com', false)).toBeNull();
    expect(signupRefusal(domain, 'ada@notexample.com', false)).toBe('domain_not_allowed');
    expect(signupRefusal(domain, 'ada@example.com.evil.io', false)).toBe('domain_not_allowed');
  });

  it('closes sign-up to everyone without an invitation when invitation-only', () => {
    const invite = { signup: 'invite' as const, allowedDomains: ['example.com'] };
    expect(signupRefusal(invite, 'ada@example.com', false)).toBe('signup_closed');
    expect(signupRefusal(invite, 'ada@example.com', true)).toBeNull();
    expect(signupRefusal(domain, 'ada@other.org', true)).toBeNull();
  });

  it('reads the domain after the last @', () => {
    expect(emailDomain('"a@b"@Example.org ')).toBe('example.org');
  });
});
