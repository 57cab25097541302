import type {
  FlagBody,
  FlagResponse,
  ModerationActionBody,
  ModerationActionResponse,
  QueuePage,
  QueueStatus,
} from '@outloud/contracts';
import { request, type PageParams } from './api';

/** `?status=…&cursor=…` with the values that are set. */
function queueQuery(params: { status?: QueueStatus } & PageParams): string {
  const search = new URLSearchParams();
  if (params.status !== undefined) search.set('status', params.status);
  if (params.cursor !== undefined) search.set('cursor', params.cursor);
  if (params.limit !== undefined) search.set('limit', String(params.limit));
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

/** Flags (anyone) and the moderation queue and its actions (moderators and admins). */
export const moderationApi = {
  flag: (body: FlagBody) => request<FlagResponse>('POST', '/flags', body),
  queue: (params: { status?: QueueStatus } & PageParams = {}) =>
    request<QueuePage>('GET', `/moderation/queue${queueQuery(params)}`),
  act: (body: ModerationActionBody) =>
    request<ModerationActionResponse>('POST', '/moderation/actions', body),
};
