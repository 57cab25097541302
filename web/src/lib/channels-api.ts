import type { DirectoryPage, DirectorySort, JoinedChannelList } from '@outloud/contracts';
import { request, type RequestOptions } from './api';

const seg = (value: string): string => encodeURIComponent(value);

/** What the directory page asks for. */
export interface DirectoryParams {
  q: string;
  sort: DirectorySort;
  cursor?: string;
  limit?: number;
}

/** The query string of `GET /channels/directory` (blank search left out). */
export function directoryQuery(params: DirectoryParams): string {
  const search = new URLSearchParams();
  const q = params.q.trim();
  if (q !== '') search.set('q', q);
  search.set('sort', params.sort);
  if (params.cursor !== undefined) search.set('cursor', params.cursor);
  if (params.limit !== undefined) search.set('limit', String(params.limit));
  return `?${search.toString()}`;
}

/** The channel endpoints of the sidebar and the directory. */
export const channelsApi = {
  joined: () => request<JoinedChannelList>('GET', '/channels/mine'),
  directory: (params: DirectoryParams, options?: RequestOptions) =>
    request<DirectoryPage>(
      'GET',
      `/channels/directory${directoryQuery(params)}`,
      undefined,
      options,
    ),
  markRead: (id: string) => request<void>('POST', `/channels/${seg(id)}/read`, {}),
  star: (id: string, on: boolean) =>
    request<void>(on ? 'PUT' : 'DELETE', `/channels/${seg(id)}/star`),
};
