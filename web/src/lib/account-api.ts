import type {
  ChangePasswordBody,
  InstanceSettings,
  OutboxPage,
  ResetPasswordBody,
  SessionList,
  SessionResponse,
  SettingsBody,
  SettingsResponse,
  SetupBody,
} from '@outloud/contracts';
import { request, type PageParams } from './api';

function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(name, String(value));
  }
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

/** Account self-service (first admin, email, password, sessions) and the admin settings it needs. */
export const accountApi = {
  setup: (body: SetupBody) => request<SessionResponse>('POST', '/auth/setup', body),
  verifyEmail: (token: string) => request<void>('POST', '/auth/verify-email', { token }),
  resendVerification: () => request<{ status: 'sent' | 'verified' }>('POST', '/me/verify-email'),
  forgotPassword: (email: string) =>
    request<{ message: string }>('POST', '/auth/password/forgot', { email }),
  resetPassword: (body: ResetPasswordBody) => request<void>('POST', '/auth/password/reset', body),
  changePassword: (body: ChangePasswordBody) => request<void>('PUT', '/me/password', body),
  sessions: () => request<SessionList>('GET', '/me/sessions'),
  endSession: (id: string) => request<void>('DELETE', `/me/sessions/${encodeURIComponent(id)}`),
  endOtherSessions: () => request<void>('DELETE', '/me/sessions'),
  settings: () => request<SettingsResponse>('GET', '/admin/settings'),
  saveSettings: (body: SettingsBody) => request<SettingsResponse>('PUT', '/admin/settings', body),
  outbox: (page: PageParams = {}) =>
    request<OutboxPage>('GET', `/admin/outbox${query({ ...page })}`),
};

export type { InstanceSettings };
