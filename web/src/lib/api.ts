import type {
  AnswerPage,
  AnswerBody,
  AnswerResponse,
  AuthProviders,
  ChannelList,
  ChannelMembersPage,
  ChannelResponse,
  CreateChannelBody,
  CreatePostBody,
  ErrorBody,
  ExpertsQuery,
  ExpertsResponse,
  FeedPage,
  FeedQuery,
  FollowBody,
  FollowList,
  LoginBody,
  MeResponse,
  PostResponse,
  PostWithAnswers,
  ProfileResponse,
  RegisterBody,
  RevisionList,
  ScoreResponse,
  SearchQuery,
  SearchResponse,
  SessionResponse,
  SimilarQuery,
  SimilarResponse,
  UpdateChannelBody,
  UpdatePostBody,
  Role,
  User,
  VoteBody,
} from '@outloud/contracts';
import { translate } from '../i18n';
import { readCsrfToken, storeCsrfToken } from './csrf';
import { describeError } from './error-text';
import type {
  DigestPreview,
  LiveEventPage,
  NotificationPage,
  NotificationPreferences,
  NotificationPreferencesUpdate,
} from './notification-types';

const base = '/api/v1';

/** A failed API call: the gateway's `{ error: { code, message, details? } }`, plus the status. */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    /** How long a 429 asks to wait (its `Retry-After` header). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/** The sentence to show a person for any error thrown by an API call, in the app's language. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return describeError(error);
  return translate('common.unexpectedError');
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Per-call options: `signal` cancels a request that is no longer wanted (a stale search). */
export interface RequestOptions {
  signal?: AbortSignal;
}

function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const { error } = value;
  return (
    typeof error === 'object' &&
    error !== null &&
    'message' in error &&
    typeof error.message === 'string' &&
    'code' in error &&
    typeof error.code === 'string'
  );
}

/** `Retry-After` in seconds (the gateway sends seconds, never a date). */
function retryAfter(response: Response): number | undefined {
  const seconds = Number(response.headers.get('retry-after') ?? Number.NaN);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined;
}

async function toApiError(response: Response): Promise<ApiError> {
  const body: unknown = await response.json().catch(() => null);
  if (isErrorBody(body)) {
    const { code, message, details } = body.error;
    return new ApiError(response.status, code, message, details, retryAfter(response));
  }
  const reason = response.statusText === '' ? '' : ` ${response.statusText}`;
  return new ApiError(
    response.status,
    `http_${response.status}`,
    `The server answered ${response.status}${reason}.`,
  );
}

async function send(
  method: Method,
  path: string,
  body: unknown,
  signal?: AbortSignal,
): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const csrfToken = readCsrfToken();
  if (method !== 'GET' && csrfToken !== null) headers['X-CSRF-Token'] = csrfToken;
  try {
    return await fetch(base + path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? null : JSON.stringify(body),
      signal: signal ?? null,
    });
  } catch (cause) {
    // A cancelled request is not a connection problem: let the caller see the abort as is.
    if (signal?.aborted === true) throw cause;
    throw new ApiError(0, 'network_error', 'Could not reach Outloud. Check your connection.', {
      cause,
    });
  }
}

/**
 * One JSON request. Response bodies are trusted to match the contract types rather than
 * validated here: validating would ship TypeBox to the browser, and the gateway validates its
 * own responses.
 */
export async function request<T>(
  method: Method,
  path: string,
  body?: unknown,
  options: RequestOptions = {},
): Promise<T> {
  let response = await send(method, path, body, options.signal);
  if (method !== 'GET' && response.status === 403) {
    // The stored CSRF token may be missing or stale (e.g. a new tab): fetch one and retry once.
    const error = await toApiError(response);
    if (error.code !== 'csrf_failed' || !(await refreshCsrfToken())) throw error;
    response = await send(method, path, body, options.signal);
  }
  if (!response.ok) throw await toApiError(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** Fetches the session's CSRF token and stores it; false when there is no session. */
export async function refreshCsrfToken(): Promise<boolean> {
  const response = await send('GET', '/auth/csrf', undefined);
  if (!response.ok) return false;
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  storeCsrfToken(csrfToken);
  return true;
}

function query(params: Record<string, string | number | boolean | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== '' && value !== false) search.set(name, String(value));
  }
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

/** One path segment, escaped. */
const seg = (value: string): string => encodeURIComponent(value);

export interface PageParams {
  cursor?: string;
  limit?: number;
}

/** `GET /users?q=` (people lookup for pickers and mentions). */
export interface UserList {
  items: User[];
}

export const api = {
  // Identity
  register: (body: RegisterBody) => request<SessionResponse>('POST', '/auth/register', body),
  login: (body: LoginBody) => request<SessionResponse>('POST', '/auth/login', body),
  logout: () => request<void>('POST', '/auth/logout'),
  authProviders: () => request<AuthProviders>('GET', '/auth/providers'),
  me: () => request<MeResponse>('GET', '/me'),
  users: (q: string, limit?: number, options?: RequestOptions) =>
    request<UserList>('GET', `/users${query({ q, limit })}`, undefined, options),
  profile: (handle: string) => request<ProfileResponse>('GET', `/users/${seg(handle)}`),
  setRoles: (id: string, roles: Role[]) =>
    request<MeResponse>('PATCH', `/admin/users/${seg(id)}`, { roles }),

  // Channels
  channels: () => request<ChannelList>('GET', '/channels'),
  createChannel: (body: CreateChannelBody) => request<ChannelResponse>('POST', '/channels', body),
  channel: (id: string) => request<ChannelResponse>('GET', `/channels/${seg(id)}`),
  updateChannel: (id: string, body: UpdateChannelBody) =>
    request<ChannelResponse>('PATCH', `/channels/${seg(id)}`, body),
  joinChannel: (id: string) => request<void>('POST', `/channels/${seg(id)}/join`),
  leaveChannel: (id: string) => request<void>('POST', `/channels/${seg(id)}/leave`),
  channelMembers: (id: string, page: PageParams = {}) =>
    request<ChannelMembersPage>('GET', `/channels/${seg(id)}/members${query({ ...page })}`),
  addChannelMember: (id: string, userId: string) =>
    request<void>('POST', `/channels/${seg(id)}/members`, { userId }),
  removeChannelMember: (id: string, userId: string) =>
    request<void>('DELETE', `/channels/${seg(id)}/members/${seg(userId)}`),

  // Posts
  feed: (params: FeedQuery) => request<FeedPage>('GET', `/feed${query({ ...params })}`),
  createPost: (body: CreatePostBody) => request<PostResponse>('POST', '/posts', body),
  post: (id: string) => request<PostWithAnswers>('GET', `/posts/${seg(id)}`),
  updatePost: (id: string, body: UpdatePostBody) =>
    request<PostResponse>('PATCH', `/posts/${seg(id)}`, body),
  deletePost: (id: string) => request<void>('DELETE', `/posts/${seg(id)}`),
  revisions: (id: string, page: PageParams = {}) =>
    request<RevisionList>('GET', `/posts/${seg(id)}/revisions${query({ ...page })}`),
  /** Removes an earlier version's text from the history (the author or an admin). */
  redactRevision: (postId: string, revisionId: string) =>
    request<void>('DELETE', `/posts/${seg(postId)}/revisions/${seg(revisionId)}`),
  /** More of a thread's answers, after its `answersCursor`. */
  answers: (postId: string, page: PageParams = {}) =>
    request<AnswerPage>('GET', `/posts/${seg(postId)}/answers${query({ ...page })}`),
  votePost: (id: string, body: VoteBody) =>
    request<ScoreResponse>('PUT', `/posts/${seg(id)}/vote`, body),
  bookmark: (id: string) => request<void>('PUT', `/posts/${seg(id)}/bookmark`),
  unbookmark: (id: string) => request<void>('DELETE', `/posts/${seg(id)}/bookmark`),
  bookmarks: (page: PageParams = {}) => request<FeedPage>('GET', `/bookmarks${query({ ...page })}`),

  // Answers (shown as comments on tips and announcements)
  createAnswer: (postId: string, body: AnswerBody) =>
    request<AnswerResponse>('POST', `/posts/${seg(postId)}/answers`, body),
  updateAnswer: (id: string, body: AnswerBody) =>
    request<AnswerResponse>('PATCH', `/answers/${seg(id)}`, body),
  deleteAnswer: (id: string) => request<void>('DELETE', `/answers/${seg(id)}`),
  acceptAnswer: (id: string) => request<AnswerResponse>('POST', `/answers/${seg(id)}/accept`),
  withdrawAccept: (id: string) => request<AnswerResponse>('DELETE', `/answers/${seg(id)}/accept`),
  voteAnswer: (id: string, body: VoteBody) =>
    request<ScoreResponse>('PUT', `/answers/${seg(id)}/vote`, body),

  // Follows
  follows: () => request<FollowList>('GET', '/follows'),
  follow: (body: FollowBody) => request<void>('PUT', '/follows', body),
  unfollow: (body: FollowBody) => request<void>('DELETE', '/follows', body),

  // Search and expertise
  search: (params: SearchQuery, options?: RequestOptions) =>
    request<SearchResponse>('GET', `/search${query({ ...params })}`, undefined, options),
  similar: (params: SimilarQuery, options?: RequestOptions) =>
    request<SimilarResponse>('GET', `/search/similar${query({ ...params })}`, undefined, options),
  experts: (params: ExpertsQuery, options?: RequestOptions) =>
    request<ExpertsResponse>('GET', `/experts${query({ ...params })}`, undefined, options),

  // Notifications
  notifications: (params: { unread?: boolean } & PageParams = {}) =>
    request<NotificationPage>('GET', `/notifications${query({ ...params })}`),
  markRead: (ids: string[]) => request<void>('POST', '/notifications/read', { ids }),
  markAllRead: () => request<void>('POST', '/notifications/read', { all: true }),
  notificationPreferences: () =>
    request<NotificationPreferences>('GET', '/notifications/preferences'),
  updateNotificationPreferences: (body: NotificationPreferencesUpdate) =>
    request<NotificationPreferences>('PUT', '/notifications/preferences', body),
  digestPreview: () => request<DigestPreview>('GET', '/notifications/digest/preview'),

  // Live updates missed while offline
  liveEvents: (since: string) => request<LiveEventPage>('GET', `/live/events${query({ since })}`),
} as const;
