import { FeedEvents, type FeedEvent } from '@outloud/contracts';
import type { Kysely } from 'kysely';
import type { SearchDB } from '../db.js';
import type { Batcher } from './batcher.js';
import { toPostDocument, type PostDocument } from './post-document.js';
import { indexedVersion, recordIndexedVersion } from './versions.repository.js';

/** The feed events the indexer understands, by type. */
export const indexedEventSchemas = {
  'feed.post.created.v1': FeedEvents['feed.post.created.v1'].schema,
};

/**
 * Applies one feed event to the index. Events at or below the version already indexed are
 * skipped, so redeliveries and stale events change nothing.
 */
export function postEventHandler(deps: {
  db: Kysely<SearchDB>;
  upserts: Batcher<PostDocument>;
  clock: () => Date;
}) {
  return async (event: FeedEvent): Promise<void> => {
    switch (event.type) {
      case 'feed.post.created.v1': {
        const { post, channel, version } = event.data;
        const known = await indexedVersion(deps.db, post.id);
        if (known !== undefined && known >= version) return;
        await deps.upserts.add(toPostDocument(post, channel.visibility, version));
        await recordIndexedVersion(deps.db, post.id, version, false, deps.clock());
        return;
      }
      default: {
        const unhandled: never = event.type;
        throw new Error(`unhandled event ${String(unhandled)}`);
      }
    }
  };
}
