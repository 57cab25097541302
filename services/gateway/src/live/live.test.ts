import { describe, expect, it } from 'vitest';
import { isSameOrigin } from './live.js';

describe('isSameOrigin', () => {
  it('lets pages of this host and non-browser clients open sockets', () => {
    expect(isSameOrigin('http://outloud.example:8080', 'outloud.example:8080')).toBe(true);
    expect(isSameOrigin(undefined, 'outloud.example')).toBe(true);
  });

  it('refuses other sites, sibling subdomains included', () => {
    expect(isSameOrigin('https://evil.example', 'outloud.example')).toBe(false);
    expect(isSameOrigin('https://wiki.corp.example', 'outloud.corp.example')).toBe(false);
    expect(isSameOrigin('not a url', 'outloud.example')).toBe(false);
  });
});
