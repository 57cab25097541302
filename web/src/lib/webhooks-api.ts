import type {
  DeliveryPage,
  WebhookCreateBody,
  WebhookCreated,
  WebhookList,
  WebhookResponse,
  WebhookUpdateBody,
} from '@outloud/contracts';
import { request, type PageParams } from './api';

const one = (id: string) => `/admin/webhooks/${encodeURIComponent(id)}`;

/** Outgoing webhooks and their delivery log (admins only). */
export const webhooksApi = {
  list: () => request<WebhookList>('GET', '/admin/webhooks'),
  create: (body: WebhookCreateBody) => request<WebhookCreated>('POST', '/admin/webhooks', body),
  update: (id: string, body: WebhookUpdateBody) => request<WebhookResponse>('PATCH', one(id), body),
  remove: (id: string) => request<void>('DELETE', one(id)),
  deliveries: (id: string, page: PageParams = {}) => {
    const search = new URLSearchParams();
    if (page.cursor !== undefined) search.set('cursor', page.cursor);
    if (page.limit !== undefined) search.set('limit', String(page.limit));
    const text = search.toString();
    return request<DeliveryPage>('GET', `${one(id)}/deliveries${text === '' ? '' : `?${text}`}`);
  },
};
