import { createEnvelope } from '@outloud/bus';
import { FeedEvents, type Actor, type Names, type Post, type Visibility } from '@outloud/contracts';

/** The outbox entry announcing a new post, with what consumers need to never call back. */
export function postCreated(
  names: Names,
  actor: Actor,
  post: Post,
  visibility: Visibility,
  now: Date,
) {
  const type = 'feed.post.created.v1';
  return {
    subject: names.subject(FeedEvents[type].subject),
    envelope: createEnvelope(
      type,
      { post, channel: { id: post.channelId, visibility }, version: 1 },
      actor,
      now,
    ),
  };
}
