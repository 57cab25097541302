import { createEnvelope, enqueueEvents } from '@outloud/bus';
import { FeedEvents, type Actor, type FeedEventData, type FeedEventType } from '@outloud/contracts';
import type { Kysely } from 'kysely';
import type { FeedContext } from './context.js';
import type { FeedDB } from './db.js';
import type { PostState } from './posts/posts.repository.js';

export const FEED_SCHEMA = 'feed';

/** Writes one event to the outbox inside the caller's transaction. */
export async function emit<K extends FeedEventType>(
  trx: Kysely<FeedDB>,
  ctx: Pick<FeedContext, 'names'>,
  type: K,
  data: FeedEventData<K>,
  actor: Actor | null,
  now: Date,
): Promise<void> {
  await enqueueEvents(trx, FEED_SCHEMA, [
    {
      subject: ctx.names.subject(FeedEvents[type].subject),
      envelope: createEnvelope(type, data, actor, now),
    },
  ]);
}

/** The `post`, `channel` and `version` every post-changing event carries. */
export function postStateData(state: PostState) {
  return {
    post: state.post,
    channel: { id: state.post.channelId, visibility: state.visibility },
    version: state.version,
  };
}
