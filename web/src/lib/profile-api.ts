import type {
  CreateTokenBody,
  CreateTokenResponse,
  TokenSummary,
  UpdateProfileBody,
  UserResponse,
} from '@outloud/contracts';
import { request } from './api';
import { sendForm } from './form-request';

/** The largest picture the gateway takes (ProfileLimits.avatarBytesMax). */
export const AVATAR_BYTES_MAX = 5 * 1024 * 1024;
export const AVATAR_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;

export interface TokenList {
  items: TokenSummary[];
  nextCursor: null;
}

/** `PUT /me/avatar` as multipart. */
function uploadAvatar(file: Blob, filename: string): Promise<UserResponse> {
  return sendForm<UserResponse>('PUT', '/me/avatar', () => {
    const form = new FormData();
    form.append('file', file, filename);
    return form;
  });
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
