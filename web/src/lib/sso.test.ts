import { describe, expect, it } from 'vitest';
import { setLocale } from '../i18n';
import { returnToOf, ssoErrorMessage, ssoStartHref } from './sso';

describe('ssoStartHref', () => {
  it('leads to the provider’s start address', () => {
    expect(ssoStartHref('corp')).toBe('/api/v1/auth/oidc/corp/start');
  });

  it('carries a hash route to come back to', () => {
    expect(ssoStartHref('corp', '#/channels/abc?x=1')).toBe(
      '/api/v1/auth/oidc/corp/start?returnTo=%23%2Fchannels%2Fabc%3Fx%3D1',
    );
  });

  it('leaves out anything that is not a hash route of the app', () => {
    expect(ssoStartHref('corp', 'https://evil.example/#/')).toBe('/api/v1/auth/oidc/corp/start');
    expect(ssoStartHref('corp', `#/${'a'.repeat(400)}`)).toBe('/api/v1/auth/oidc/corp/start');
  });
});

describe('returnToOf', () => {
  it('comes back to the page that asked for a sign-in', () => {
    expect(returnToOf('#/posts/1')).toBe('#/posts/1');
    expect(returnToOf('#/settings')).toBe('#/settings');
  });

  it('does not come back to the home page or the sign-in pages', () => {
    for (const hash of [
      '',
      '#/',
      '#/signin',
      '#/signin?error=sso_failed',
      '#/signup',
      '#/setup?token=x',
    ])
      expect(returnToOf(hash), hash).toBeNull();
  });
});

describe('ssoErrorMessage', () => {
  it('explains each refusal', () => {
    expect(ssoErrorMessage('signup_closed')).toMatch(/invitation/);
    expect(ssoErrorMessage('account_inactive')).toMatch(/suspended/);
    expect(ssoErrorMessage('sso_cancelled')).toMatch(/cancelled/);
  });

  it('has a generic sentence for unknown codes, never the code itself', () => {
    expect(ssoErrorMessage('<script>')).toBe('Sign-in did not complete. Please try again.');
    expect(ssoErrorMessage('toString')).toBe('Sign-in did not complete. Please try again.');
  });

  it('speaks the app language', async () => {
    await setLocale('de');
    try {
      expect(ssoErrorMessage('sso_cancelled')).toMatch(/abgebrochen/);
      expect(ssoErrorMessage('nope')).toMatch(/nicht abgeschlossen/);
    } finally {
      await setLocale('en');
    }
  });
});
