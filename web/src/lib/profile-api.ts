import type {
  CreateTokenBody,
  CreateTokenResponse,
  TokenSummary,
  UpdateProfileBody,
  UserResponse,
} from '@outloud/contracts';
import { ApiError, refreshCsrfToken, request } from './api';
import { readCsrfToken } from './csrf';

/** The largest picture the gateway takes (ProfileLimits.avatarBytesMax). */
export const AVATAR_BYTES_MAX = 5 * 1024 * 1024;
export const AVATAR_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;

export interface TokenList {
  items: TokenSummary[];
  nextCursor: null;
}

async function errorOf(response: Response): Promise<ApiError> {
  const body = (await response.json().catch(() => null)) as {
    error?: { code?: unknown; message?: unknown; details?: unknown };
  } | null;
  const error = body?.error;
  if (typeof error?.code === 'string' && typeof error.message === 'string') {
    return new ApiError(response.status, error.code, error.message, error.details);
  }
  return new ApiError(
    response.status,
    `http_${response.status}`,
    `The server answered ${response.status}.`,
  );
}

/** `PUT /me/avatar` as multipart (the JSON `request` cannot send files); retries once on CSRF. */
async function uploadAvatar(file: Blob, filename: string): Promise<UserResponse> {
  const send = async () => {
    const form = new FormData();
    form.append('file', file, filename);
    const csrfToken = readCsrfToken();
    try {
      return await fetch('/api/v1/me/avatar', {
        method: 'PUT',
        credentials: 'same-origin',
        headers: {
          Accept: 'application/json',
          ...(csrfToken === null ? {} : { 'X-CSRF-Token': csrfToken }),
        },
        body: form,
      });
    } catch (cause) {
      throw new ApiError(0, 'network_error', 'Could not reach Outloud. Check your connection.', {
        cause,
      });
    }
  };
  let response = await send();
  if (response.status === 403) {
    const error = await errorOf(response);
    if (error.code !== 'csrf_failed' || !(await refreshCsrfToken())) throw error;
    response = await send();
  }
  if (!response.ok) throw await errorOf(response);
  return (await response.json()) as UserResponse;
}

/** Your own profile, picture and API tokens. */
export const profileApi = {
  updateProfile: (body: UpdateProfileBody) => request<UserResponse>('PATCH', '/me', body),
  uploadAvatar,
  removeAvatar: () => request<UserResponse>('DELETE', '/me/avatar'),
  tokens: () => request<TokenList>('GET', '/tokens'),
  createToken: (body: CreateTokenBody) => request<CreateTokenResponse>('POST', '/tokens', body),
  revokeToken: (id: string) => request<void>('DELETE', `/tokens/${encodeURIComponent(id)}`),
};
