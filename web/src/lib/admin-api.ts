import type {
  AuditEntry,
  CreatedInvitations,
  CreateInvitationsBody,
  Invitation,
  InvitationPreview,
  InvitationStatus,
  MeResponse,
  Role,
  User,
  UserStatus,
} from '@outloud/contracts';
import { request, type PageParams } from './api';

export interface Paged<T> {
  items: T[];
  nextCursor: string | null;
}

function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(name, String(value));
  }
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

export interface PeopleFilter extends PageParams {
  q?: string;
  role?: Role;
  status?: UserStatus;
}

export interface AuditFilter extends PageParams {
  action?: string;
  actorId?: string;
}

/** Invitations, the people directory, account status and the audit log. */
export const adminApi = {
  invite: (body: CreateInvitationsBody) =>
    request<CreatedInvitations>('POST', '/invitations', body),
  invitations: (params: { status?: InvitationStatus } & PageParams = {}) =>
    request<Paged<Invitation>>('GET', `/invitations${query({ ...params })}`),
  revokeInvitation: (id: string) =>
    request<void>('DELETE', `/invitations/${encodeURIComponent(id)}`),
  lookupInvitation: (token: string) =>
    request<InvitationPreview>('GET', `/invitations/lookup${query({ token })}`),
  people: (filter: PeopleFilter = {}, options?: { signal?: AbortSignal }) =>
    request<Paged<User>>('GET', `/admin/users${query({ ...filter })}`, undefined, options),
  setStatus: (id: string, status: UserStatus, reason?: string) =>
    request<MeResponse>('PUT', `/admin/users/${encodeURIComponent(id)}/status`, {
      status,
      ...(reason ? { reason } : {}),
    }),
  audit: (filter: AuditFilter = {}) =>
    request<Paged<AuditEntry>>('GET', `/admin/audit${query({ ...filter })}`),
  /** Where the browser downloads the audit log as CSV (a plain link: cookies authenticate it). */
  auditCsvUrl: (filter: Omit<AuditFilter, 'cursor' | 'limit'> = {}) =>
    `/api/v1/admin/audit${query({ ...filter, format: 'csv' })}`,
};
