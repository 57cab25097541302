import { FeedEvents, type FeedEvent } from '@outloud/contracts';
import type { Batcher } from './batcher.js';
import type { IndexOperation } from './index-operations.js';
import { toPostDocument } from './post-document.js';

/** The feed events the indexer understands, by type (others are acked and skipped). */
export const indexedEventSchemas = {
  'feed.post.created.v1': FeedEvents['feed.post.created.v1'].schema,
  'feed.post.updated.v1': FeedEvents['feed.post.updated.v1'].schema,
  'feed.post.deleted.v1': FeedEvents['feed.post.deleted.v1'].schema,
  'feed.answer.created.v1': FeedEvents['feed.answer.created.v1'].schema,
  'feed.answer.updated.v1': FeedEvents['feed.answer.updated.v1'].schema,
  'feed.answer.deleted.v1': FeedEvents['feed.answer.deleted.v1'].schema,
  'feed.answer.accepted.v1': FeedEvents['feed.answer.accepted.v1'].schema,
  'feed.vote.changed.v1': FeedEvents['feed.vote.changed.v1'].schema,
};

type IndexedEvent = Extract<FeedEvent, { type: keyof typeof indexedEventSchemas }>;

/** What one event means for the index. */
export function toOperation(event: IndexedEvent): IndexOperation {
  switch (event.type) {
    case 'feed.post.deleted.v1':
      return { kind: 'delete', postId: event.data.postId, version: event.data.version };
    case 'feed.post.created.v1':
    case 'feed.post.updated.v1':
    case 'feed.answer.created.v1':
    case 'feed.answer.updated.v1':
    case 'feed.answer.deleted.v1':
    case 'feed.answer.accepted.v1':
    case 'feed.vote.changed.v1': {
      const { post, channel, version } = event.data;
      return {
        kind: 'upsert',
        postId: post.id,
        version,
        document: toPostDocument(post, channel.visibility, version),
      };
    }
    default: {
      const unhandled: never = event;
      throw new Error(`unhandled event ${JSON.stringify(unhandled)}`);
    }
  }
}

/** Handles one event by queueing its operation; resolves once the batch reached Meilisearch. */
export function postEventHandler(operations: Batcher<IndexOperation>) {
  return async (event: IndexedEvent): Promise<void> => operations.add(toOperation(event));
}
