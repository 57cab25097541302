import type { FeedEventData } from '@outloud/contracts';
import type { Kysely } from 'kysely';
import { v5 as uuidv5 } from 'uuid';
import type { NotifyDB } from '../db.js';
import { about, type FanoutPlan } from '../fanout/plan.js';
import { NOTIFICATION_KEYS } from '../notifications/notification-keys.js';

type ReviewDue = FeedEventData<'feed.post.review_due.v1'>;

/**
 * `review_due`: the owner of a tip or accepted answer is asked once per review date whether it is
 * still true. Nothing is said about content that is gone or hidden.
 */
export async function planReviewDue(
  trx: Kysely<NotifyDB>,
  data: ReviewDue,
): Promise<FanoutPlan | undefined> {
  const post = await trx
    .selectFrom('notify.posts')
    .select(['id', 'title', 'kind', 'channelId'])
    .where('id', '=', data.postId)
    .where('deleted', '=', false)
    .where('hidden', '=', false)
    .executeTakeFirst();
  if (!post) return undefined;
  return {
    ...about(post),
    answerId: null,
    actor: null,
    selfId: null,
    // The same review date announced twice (a re-run sweep) is still one question to its owner.
    eventKey: uuidv5(`review_due:${data.postId}:${data.dueAt}`, NOTIFICATION_KEYS),
    candidates: [{ userId: data.ownerId, type: 'review_due' }],
    mentioned: [],
    mentionedIn: data.postId,
  };
}
