import { describe, expect, it } from 'vitest';
import { ApiError } from './api';
import { href, parseRoute } from './route';
import {
  facetOptions,
  hasFilters,
  resultCountText,
  searchErrorMessage,
  toggleFilter,
} from './search';

const none = { kind: null, tag: null } as const;

describe('facetOptions', () => {
  it('lists values most frequent first, ties by name, skipping zero counts', () => {
    expect(facetOptions({ sql: 2, git: 5, css: 2, empty: 0 }, null)).toEqual([
      { value: 'git', count: 5, selected: false },
      { value: 'css', count: 2, selected: false },
      { value: 'sql', count: 2, selected: false },
    ]);
  });

  it('keeps at most `limit` values', () => {
    expect(facetOptions({ a: 3, b: 2, c: 1 }, null, 2).map((o) => o.value)).toEqual(['a', 'b']);
  });

  it('offers only the selected value once one is chosen, even when nothing matches', () => {
    expect(facetOptions({ git: 4, sql: 1 }, 'git')).toEqual([
      { value: 'git', count: 4, selected: true },
    ]);
    expect(facetOptions({}, 'helm')).toEqual([{ value: 'helm', count: 0, selected: true }]);
  });
});

describe('toggleFilter', () => {
  it('selects a value and keeps the other facet', () => {
    expect(toggleFilter({ kind: 'tip', tag: null }, 'tag', 'git')).toEqual({
      kind: 'tip',
      tag: 'git',
    });
    expect(toggleFilter({ kind: null, tag: 'git' }, 'kind', 'question')).toEqual({
      kind: 'question',
      tag: 'git',
    });
  });

  it('clears a value that is already selected', () => {
    expect(toggleFilter({ kind: 'tip', tag: 'git' }, 'kind', 'tip')).toEqual({
      kind: null,
      tag: 'git',
    });
    expect(toggleFilter({ kind: null, tag: 'git' }, 'tag', 'git')).toEqual(none);
  });

  it('ignores a kind the API does not know', () => {
    expect(toggleFilter(none, 'kind', 'poll')).toEqual(none);
  });
});

describe('search links', () => {
  it('builds the hash from the query and the filters that are set, and reads it back', () => {
    expect(href.search('sql')).toBe('#/search?q=sql');
    const link = href.search('sql joins', { kind: 'question', tag: 'postgres' });
    expect(link).toBe('#/search?q=sql+joins&kind=question&tag=postgres');
    expect(parseRoute(link)).toEqual({
      name: 'search',
      q: 'sql joins',
      kind: 'question',
      tag: 'postgres',
    });
  });

  it('toggling a facet leads to the page with that filter', () => {
    const next = toggleFilter(none, 'tag', 'git');
    expect(parseRoute(href.search('rebase', next))).toEqual({
      name: 'search',
      q: 'rebase',
      ...next,
    });
  });

  it('drops filter values the API would refuse', () => {
    expect(parseRoute('#/search?q=x&kind=poll&tag=Not%20A%20Tag')).toEqual({
      name: 'search',
      q: 'x',
      ...none,
    });
  });
});

describe('hasFilters', () => {
  it('is true when a kind or a tag is set', () => {
    expect(hasFilters(none)).toBe(false);
    expect(hasFilters({ kind: 'tip', tag: null })).toBe(true);
    expect(hasFilters({ kind: null, tag: 'git' })).toBe(true);
  });
});

describe('resultCountText', () => {
  it('counts one result exactly and estimates the rest', () => {
    expect(resultCountText(1)).toBe('1 result');
    expect(resultCountText(3)).toBe('About 3 results');
    expect(resultCountText(1200)).toBe('About 1,200 results');
  });
});

describe('searchErrorMessage', () => {
  it('says search is unavailable when the search engine is down', () => {
    const down = new ApiError(503, 'search_unavailable', 'Search is temporarily unavailable.');
    expect(searchErrorMessage(down)).toBe(
      'Search is unavailable right now. Please try again in a moment.',
    );
    expect(searchErrorMessage(new ApiError(503, 'unavailable', 'Not ready'))).toMatch(
      /^Search is unavailable right now/,
    );
  });

  it('passes other errors through', () => {
    expect(searchErrorMessage(new ApiError(400, 'invalid', 'The query is too long.'))).toBe(
      'The query is too long.',
    );
    expect(searchErrorMessage(new Error('boom'))).toBe('Something went wrong. Please try again.');
  });
});
