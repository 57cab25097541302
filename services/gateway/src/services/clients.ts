import { rpcClient, type NatsConnection, type RpcClient } from '@outloud/bus';
import { FeedRpc, LearningRpc, NotificationRpc, SearchRpc, type Names } from '@outloud/contracts';

/** Typed callers for the services behind the gateway. */
export interface ServiceClients {
  feed: RpcClient<typeof FeedRpc>;
  search: RpcClient<typeof SearchRpc>;
  learning: RpcClient<typeof LearningRpc>;
  notification: RpcClient<typeof NotificationRpc>;
}

export function createServiceClients(nc: NatsConnection, names: Names): ServiceClients {
  return {
    feed: rpcClient({
      nc,
      names,
      service: 'feed',
      schemas: FeedRpc,
      // Every page leaves through the route's response schema; checking it here as well was
      // about a twentieth of the gateway's CPU per feed page.
      trustedReplies: ['listFeed', 'getPost', 'listAnswers', 'listBookmarks'],
    }),
    search: rpcClient({ nc, names, service: 'search', schemas: SearchRpc }),
    learning: rpcClient({ nc, names, service: 'learning', schemas: LearningRpc }),
    notification: rpcClient({ nc, names, service: 'notification', schemas: NotificationRpc }),
  };
}
