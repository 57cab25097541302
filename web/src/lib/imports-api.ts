import type { ImportPage, ImportResponse, ImportSource } from '@outloud/contracts';
import { request } from './api';
import { sendForm } from './form-request';

const one = (id: string) => `/admin/imports/${encodeURIComponent(id)}`;

/** What an import is started with: the files go as `file` parts under their own names. */
export interface ImportStart {
  source: ImportSource;
  channelId: string | null;
  files: File[];
}

/** `POST /admin/imports` as multipart. */
function start({ source, channelId, files }: ImportStart): Promise<ImportResponse> {
  return sendForm<ImportResponse>('POST', '/admin/imports', () => {
    const form = new FormData();
    form.append('source', source);
    if (channelId !== null) form.append('channelId', channelId);
    for (const file of files) form.append('file', file, file.name);
    return form;
  });
}

/** Bringing content and people in from Stack Exchange, Discourse or a CSV (admins only). */
export const importsApi = {
  start,
  get: (id: string) => request<ImportResponse>('GET', one(id)),
  list: (cursor?: string) =>
    request<ImportPage>(
      'GET',
      `/admin/imports?limit=20${cursor === undefined ? '' : `&cursor=${encodeURIComponent(cursor)}`}`,
    ),
};
