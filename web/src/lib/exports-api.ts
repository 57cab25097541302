import type { AccountDeleted, InstanceExportResponse } from '@outloud/contracts';
import { request } from './api';

const one = (id: string) => `/admin/exports/${encodeURIComponent(id)}`;

/** Getting data out (the whole instance, or one's own) and deleting accounts. */
export const exportsApi = {
  start: () => request<InstanceExportResponse>('POST', '/admin/exports'),
  get: (id: string) => request<InstanceExportResponse>('GET', one(id)),
  /** Where the finished archive downloads from (a plain link: the browser saves the file). */
  archiveUrl: (id: string) => `/api/v1${one(id)}/download`,
  /** Where one's own data downloads from, as one JSON document. */
  mineUrl: '/api/v1/me/export',
  deleteMe: (password: string | undefined) =>
    request<{ user: AccountDeleted }>('DELETE', '/me', password === undefined ? {} : { password }),
  deleteUser: (id: string) =>
    request<{ user: AccountDeleted }>('DELETE', `/admin/users/${encodeURIComponent(id)}`),
};
