import type { PostKind, QueueStatus } from '@outloud/contracts';
import { parseLearningRoute, type LearningRoute } from './learning';
import { Limits } from './limits';

/** The narrowing a search page applies on top of its query (one kind and one tag at most). */
export interface SearchFilters {
  kind: PostKind | null;
  tag: string | null;
}

/** The screens of the app, addressed by the URL hash (`#/`, `#/posts/<id>`, …). */
export type Route =
  | { name: 'home' }
  | { name: 'signin'; error?: string }
  | { name: 'signup' }
  | ({ name: 'search'; q: string } & SearchFilters)
  | { name: 'experts'; topic: string }
  | { name: 'post'; id: string; answerId: string | null }
  | { name: 'channels' }
  | { name: 'new-channel' }
  | { name: 'channel'; id: string }
  | { name: 'tag'; tag: string }
  | { name: 'bookmarks' }
  | { name: 'user'; handle: string }
  | { name: 'new-post'; channelId: string | null }
  | { name: 'notifications' }
  | { name: 'settings' }
  | { name: 'admin'; tab: AdminTab }
  | { name: 'moderation'; status: QueueStatus }
  | { name: 'setup'; token: string }
  | { name: 'forgot-password' }
  | { name: 'reset-password'; token: string }
  | { name: 'verify-email'; token: string }
  | { name: 'invite'; token: string }
  | { name: 'learning'; page: LearningRoute }
  | { name: 'not-found' };

/** The sections of the admin page, addressed as `#/admin/<tab>`. */
export const ADMIN_TABS = [
  'people',
  'invitations',
  'audit',
  'signup',
  'outbox',
  'integrations',
  'export',
  'import',
] as const;
export type AdminTab = (typeof ADMIN_TABS)[number];

function isAdminTab(value: string): value is AdminTab {
  return (ADMIN_TABS as readonly string[]).includes(value);
}

/** Fired on `window` when the search box submits the query the results page already shows. */
export const SEARCH_AGAIN_EVENT = 'outloud:search-again';

const segment = (value: string): string => encodeURIComponent(value);

const kinds: readonly string[] = ['tip', 'question', 'announcement'] satisfies PostKind[];
const tagPattern = new RegExp(Limits.tagPattern);

export function isPostKind(value: string): value is PostKind {
  return kinds.includes(value);
}

/** The filters in a search page's query string; values the API would refuse are dropped. */
export function readSearchFilters(params: URLSearchParams): SearchFilters {
  const kind = params.get('kind') ?? '';
  const tag = params.get('tag') ?? '';
  return {
    kind: isPostKind(kind) ? kind : null,
    tag: tagPattern.test(tag) ? tag : null,
  };
}

/** `#/search?q=…` plus the filters that are set, in a stable order. */
function searchHref(q: string, filters: Partial<SearchFilters> = {}): string {
  const params = new URLSearchParams({ q });
  const { kind = null, tag = null } = filters;
  if (kind !== null) params.set('kind', kind);
  if (tag !== null) params.set('tag', tag);
  return `#/search?${params.toString()}`;
}

function expertsHref(topic = ''): string {
  const text = topic.trim();
  return text === '' ? '#/experts' : `#/experts?${new URLSearchParams({ topic: text }).toString()}`;
}

export const href = {
  home: '#/',
  signIn: '#/signin',
  signUp: '#/signup',
  search: searchHref,
  experts: expertsHref,
  post: (id: string) => `#/posts/${segment(id)}`,
  channels: '#/channels',
  newChannel: '#/channels/new',
  channel: (id: string) => `#/channels/${segment(id)}`,
  tag: (tag: string) => `#/tags/${segment(tag)}`,
  bookmarks: '#/bookmarks',
  user: (handle: string) => `#/users/${segment(handle)}`,
  newPost: (channelId: string | null = null) =>
    channelId === null
      ? '#/new'
      : `#/new?${new URLSearchParams({ channel: channelId }).toString()}`,
  notifications: '#/notifications',
  settings: '#/settings',
  admin: (tab: AdminTab = 'people') => (tab === 'people' ? '#/admin' : `#/admin/${tab}`),
  moderation: (status: QueueStatus = 'open') =>
    status === 'open' ? '#/moderation' : '#/moderation?status=resolved',
  forgotPassword: '#/forgot-password',
} as const;

/** Pages under `/<collection>/<key>`, keyed by the collection's name. */
const itemPages = {
  posts: (id: string, params: URLSearchParams): Route => ({
    name: 'post',
    id,
    answerId: params.get('answer'),
  }),
  channels: (id: string, _params: URLSearchParams): Route =>
    id === 'new' ? { name: 'new-channel' } : { name: 'channel', id },
  tags: (tag: string, _params: URLSearchParams): Route => ({ name: 'tag', tag }),
  users: (handle: string, _params: URLSearchParams): Route => ({ name: 'user', handle }),
  admin: (tab: string, _params: URLSearchParams): Route =>
    isAdminTab(tab) ? { name: 'admin', tab } : { name: 'not-found' },
} as const;

function isItemCollection(name: string): name is keyof typeof itemPages {
  return Object.hasOwn(itemPages, name);
}

export function parseRoute(hash: string): Route {
  const text = hash.replace(/^#/, '');
  const mark = text.indexOf('?');
  const path = mark === -1 ? text : text.slice(0, mark);
  const queryString = mark === -1 ? '' : text.slice(mark + 1);
  const segments = path.split('/').filter((part) => part !== '');
  const [first, second, ...rest] = segments;

  if (first === undefined) return { name: 'home' };
  // Goals, portfolios, challenges and insights: their own router draws them.
  const learning = parseLearningRoute(hash);
  if (learning !== null) return { name: 'learning', page: learning };
  if (rest.length > 0) return { name: 'not-found' };
  if (second === undefined) {
    switch (first) {
      case 'signin': {
        // Why a single sign-on sent the browser back (`#/signin?error=sso_failed`).
        const error = new URLSearchParams(queryString).get('error');
        return error ? { name: 'signin', error } : { name: 'signin' };
      }
      case 'signup':
        return { name: 'signup' };
      case 'search': {
        const params = new URLSearchParams(queryString);
        return { name: 'search', q: params.get('q') ?? '', ...readSearchFilters(params) };
      }
      case 'experts':
        return { name: 'experts', topic: new URLSearchParams(queryString).get('topic') ?? '' };
      case 'channels':
        return { name: 'channels' };
      case 'bookmarks':
        return { name: 'bookmarks' };
      case 'new':
        return { name: 'new-post', channelId: new URLSearchParams(queryString).get('channel') };
      case 'notifications':
        return { name: 'notifications' };
      case 'settings':
        return { name: 'settings' };
      case 'admin':
        return { name: 'admin', tab: 'people' };
      case 'moderation':
        return {
          name: 'moderation',
          status:
            new URLSearchParams(queryString).get('status') === 'resolved' ? 'resolved' : 'open',
        };
      case 'setup':
        return { name: 'setup', token: tokenOf(queryString) };
      case 'forgot-password':
        return { name: 'forgot-password' };
      case 'reset-password':
        return { name: 'reset-password', token: tokenOf(queryString) };
      case 'verify-email':
        return { name: 'verify-email', token: tokenOf(queryString) };
      case 'invite':
        return { name: 'invite', token: tokenOf(queryString) };
      default:
        return { name: 'not-found' };
    }
  }
  if (isItemCollection(first))
    return itemPages[first](safeDecode(second), new URLSearchParams(queryString));
  return { name: 'not-found' };
}

/** The `token` of a link from an email or from the setup message (`#/reset-password?token=…`). */
function tokenOf(queryString: string): string {
  return new URLSearchParams(queryString).get('token') ?? '';
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
