import { describe, expect, it } from 'vitest';
import { href, parseRoute } from './route';

describe('parseRoute', () => {
  it('maps an empty hash and #/ to home', () => {
    expect(parseRoute('')).toEqual({ name: 'home' });
    expect(parseRoute('#/')).toEqual({ name: 'home' });
  });

  it('recognises the sign-in and sign-up pages', () => {
    expect(parseRoute('#/signin')).toEqual({ name: 'signin' });
    expect(parseRoute('#/signup')).toEqual({ name: 'signup' });
  });

  it('reads the search query, including one built by href.search', () => {
    expect(parseRoute('#/search?q=sql')).toEqual({ name: 'search', q: 'sql' });
    expect(parseRoute(href.search('a&b c?'))).toEqual({ name: 'search', q: 'a&b c?' });
    expect(parseRoute('#/search')).toEqual({ name: 'search', q: '' });
  });

  it('reads a post id', () => {
    expect(parseRoute('#/posts/0190c2a4-1111-7000-8000-000000000000')).toEqual({
      name: 'post',
      id: '0190c2a4-1111-7000-8000-000000000000',
    });
  });

  it('answers not-found for anything else', () => {
    expect(parseRoute('#/posts')).toEqual({ name: 'not-found' });
    expect(parseRoute('#/posts/1/edit')).toEqual({ name: 'not-found' });
    expect(parseRoute('#/nowhere')).toEqual({ name: 'not-found' });
  });
});
