import type { Actor, ModerationTargetType } from '@outloud/contracts';
import type { Kysely } from 'kysely';
import { loadAnswer } from '../answers/answers.repository.js';
import type { FeedContext } from '../context.js';
import type { FeedDB } from '../db.js';
import { emit, postStateData } from '../events.js';
import { loadPostState } from '../posts/posts.repository.js';
import type { ContentChange } from './moderation.logic.js';

/**
 * The usual content event for a moderation change (search, notifications and sockets react to
 * those): `post.updated` naming what changed, or `answer.updated` with the answer as it now is.
 * Deletions emit their own events where they happen.
 */
export async function emitContentChange(
  trx: Kysely<FeedDB>,
  ctx: Pick<FeedContext, 'names'>,
  target: { type: ModerationTargetType; id: string; postId: string },
  change: Exclude<ContentChange, { kind: 'none' } | { kind: 'deleted' }>,
  actor: Actor | null,
  now: Date,
): Promise<void> {
  const state = await loadPostState(trx, target.postId);
  if (target.type === 'answer') {
    const answer = await loadAnswer(trx, target.id);
    await emit(trx, ctx, 'feed.answer.updated.v1', { ...postStateData(state), answer }, actor, now);
    return;
  }
  await emit(
    trx,
    ctx,
    'feed.post.updated.v1',
    { ...postStateData(state), changed: [change.kind] },
    actor,
    now,
  );
}
