/** The screens of the app, addressed by the URL hash (`#/`, `#/posts/<id>`, …). */
export type Route =
  | { name: 'home' }
  | { name: 'signin' }
  | { name: 'signup' }
  | { name: 'search'; q: string }
  | { name: 'post'; id: string }
  | { name: 'not-found' };

/** Fired on `window` when the search box submits the query the results page already shows. */
export const SEARCH_AGAIN_EVENT = 'outloud:search-again';

export const href = {
  home: '#/',
  signIn: '#/signin',
  signUp: '#/signup',
  search: (q: string) => `#/search?${new URLSearchParams({ q }).toString()}`,
  post: (id: string) => `#/posts/${encodeURIComponent(id)}`,
} as const;

export function parseRoute(hash: string): Route {
  const text = hash.replace(/^#/, '');
  const mark = text.indexOf('?');
  const path = mark === -1 ? text : text.slice(0, mark);
  const queryString = mark === -1 ? '' : text.slice(mark + 1);
  const segments = path.split('/').filter((segment) => segment !== '');
  const [first, second, ...rest] = segments;

  if (first === undefined) return { name: 'home' };
  if (rest.length === 0 && second === undefined) {
    if (first === 'signin') return { name: 'signin' };
    if (first === 'signup') return { name: 'signup' };
    if (first === 'search') {
      return { name: 'search', q: new URLSearchParams(queryString).get('q') ?? '' };
    }
  }
  if (first === 'posts' && second !== undefined && rest.length === 0) {
    return { name: 'post', id: safeDecode(second) };
  }
  return { name: 'not-found' };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
