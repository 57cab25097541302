import type { FeedEventData } from '@outloud/contracts';
import type { Kysely } from 'kysely';
import type { NotifyDB } from '../db.js';
import { about, type FanoutPlan } from '../fanout/plan.js';
import type { Candidate } from '../fanout/recipients.js';

type ModerationApplied = FeedEventData<'feed.moderation.applied.v1'>;

/** The longest reason a notification carries (`Notification.detail.reason`). */
const REASON_MAX = 500;

/**
 * `flag_resolved`: the content's author hears what a moderator did and why (a dismissal changes
 * nothing for them, so they are not told); everyone whose flag the action resolved hears what was
 * done, without the reason (it may be about the author). The moderator stays unnamed.
 */
export async function planFlagResolved(
  trx: Kysely<NotifyDB>,
  data: ModerationApplied,
  moderatorId: string | null,
): Promise<FanoutPlan | undefined> {
  const post = await trx
    .selectFrom('notify.posts')
    .select(['id', 'title', 'kind', 'channelId'])
    .where('id', '=', data.postId)
    .executeTakeFirst();
  if (!post) return undefined;
  const candidates: Candidate[] = [];
  if (data.action !== 'dismiss') {
    const reason = data.reason?.slice(0, REASON_MAX);
    candidates.push({
      userId: data.authorId,
      type: 'flag_resolved',
      detail: reason ? { action: data.action, reason } : { action: data.action },
    });
  }
  for (const userId of data.flaggerIds)
    candidates.push({ userId, type: 'flag_resolved', detail: { action: data.action } });
  if (candidates.length === 0) return undefined;
  return {
    ...about(post),
    answerId: data.targetType === 'answer' ? data.targetId : null,
    actor: null,
    selfId: moderatorId,
    candidates,
    mentioned: [],
    mentionedIn: data.targetId,
  };
}
