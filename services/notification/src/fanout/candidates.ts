import type { Kysely } from 'kysely';
import type { NotifyDB } from '../db.js';
import { planFlagResolved } from '../moderation/flag-resolved.plan.js';
import type { NotifyEvent } from '../projection/apply-event.js';
import { planReviewDue } from '../reviews/review-due.plan.js';
import { about, type FanoutPlan } from './plan.js';
import type { Candidate } from './recipients.js';

/**
 * The candidates of one event, read from the projections (already updated by this event).
 * `mentionedIds` are the people the content's `@handles` name. Events that notify nobody give
 * undefined.
 */
export async function planFanout(
  trx: Kysely<NotifyDB>,
  event: NotifyEvent,
  mentionedIds: readonly string[],
): Promise<FanoutPlan | undefined> {
  const actor = event.actor
    ? { id: event.actor.id, handle: event.actor.handle, displayName: event.actor.displayName }
    : null;
  const selfId = actor?.id ?? null;
  if (aboutHiddenContent(event)) return undefined;
  switch (event.type) {
    case 'feed.post.created.v1': {
      const { post } = event.data;
      const mentioned = await notYetMentioned(trx, post.id, mentionedIds);
      const candidates: Candidate[] = mentioned.map((userId) => ({ userId, type: 'mention' }));
      if (post.kind === 'announcement') {
        for (const userId of await channelMembers(trx, post.channelId))
          candidates.push({ userId, type: 'announcement' });
      }
      for (const userId of await followersOf(trx, post.channelId, post.tags, post.author.id))
        candidates.push({ userId, type: 'followed_post' });
      return {
        ...about(post),
        answerId: null,
        actor,
        selfId,
        candidates,
        mentioned,
        mentionedIn: post.id,
      };
    }
    case 'feed.post.updated.v1': {
      const { post } = event.data;
      const mentioned = await notYetMentioned(trx, post.id, mentionedIds);
      if (mentioned.length === 0) return undefined;
      return {
        ...about(post),
        answerId: null,
        actor,
        selfId,
        candidates: mentioned.map((userId) => ({ userId, type: 'mention' })),
        mentioned,
        mentionedIn: post.id,
      };
    }
    case 'feed.answer.created.v1':
    case 'feed.answer.updated.v1': {
      const { post, answer } = event.data;
      const mentioned = await notYetMentioned(trx, answer.id, mentionedIds);
      const candidates: Candidate[] = mentioned.map((userId) => ({ userId, type: 'mention' }));
      if (event.type === 'feed.answer.created.v1') {
        candidates.push({ userId: post.author.id, type: 'answer' });
        for (const userId of await participantsOf(trx, post.id))
          candidates.push({ userId, type: 'reply' });
      }
      if (candidates.length === 0) return undefined;
      return {
        ...about(post),
        answerId: answer.id,
        actor,
        selfId,
        candidates,
        mentioned,
        mentionedIn: answer.id,
      };
    }
    case 'feed.answer.accepted.v1': {
      const { post, answer } = event.data;
      if (!answer) return undefined;
      return {
        ...about(post),
        answerId: answer.id,
        actor,
        selfId,
        candidates: [{ userId: answer.author.id, type: 'accepted' }],
        mentioned: [],
        mentionedIn: answer.id,
      };
    }
    case 'feed.answer.deleted.v1':
    case 'feed.post.deleted.v1':
    case 'feed.vote.changed.v1':
    case 'feed.follow.changed.v1':
    case 'feed.channel.created.v1':
    case 'feed.channel.updated.v1':
    case 'feed.membership.changed.v1':
      return undefined;
    case 'feed.moderation.applied.v1':
      return planFlagResolved(trx, event.data, selfId);
    case 'feed.post.review_due.v1':
      return planReviewDue(trx, event.data);
  }
}

/**
 * Hidden content notifies nobody: only its author and moderators may still see it, and they do
 * not need telling about it. (A moderator's action on it is a different event.)
 */
function aboutHiddenContent(event: NotifyEvent): boolean {
  if (event.type === 'feed.post.created.v1' || event.type === 'feed.post.updated.v1')
    return event.data.post.hidden === true;
  if (
    event.type === 'feed.answer.created.v1' ||
    event.type === 'feed.answer.updated.v1' ||
    event.type === 'feed.answer.accepted.v1'
  )
    return event.data.post.hidden === true || event.data.answer?.hidden === true;
  return false;
}

/** The people named in a post or an answer who were not told about that same body before. */
async function notYetMentioned(
  trx: Kysely<NotifyDB>,
  contentId: string,
  userIds: readonly string[],
): Promise<string[]> {
  if (userIds.length === 0) return [];
  const already = await trx
    .selectFrom('notify.mentioned')
    .select('userId')
    .where('contentId', '=', contentId)
    .where('userId', 'in', [...userIds])
    .execute();
  const told = new Set(already.map((r) => r.userId));
  return userIds.filter((id) => !told.has(id));
}

async function channelMembers(trx: Kysely<NotifyDB>, channelId: string): Promise<string[]> {
  const rows = await trx
    .selectFrom('notify.members')
    .select('userId')
    .where('channelId', '=', channelId)
    .execute();
  return rows.map((r) => r.userId);
}

async function participantsOf(trx: Kysely<NotifyDB>, postId: string): Promise<string[]> {
  const rows = await trx
    .selectFrom('notify.participants')
    .select('userId')
    .where('postId', '=', postId)
    .execute();
  return rows.map((r) => r.userId);
}

async function followersOf(
  trx: Kysely<NotifyDB>,
  channelId: string,
  tags: readonly string[],
  authorId: string,
): Promise<string[]> {
  const rows = await trx
    .selectFrom('notify.follows')
    .select('userId')
    .distinct()
    .where((eb) =>
      eb.or([
        eb.and([eb('targetType', '=', 'channel'), eb('target', '=', channelId)]),
        eb.and([eb('targetType', '=', 'user'), eb('target', '=', authorId)]),
        ...(tags.length
          ? [eb.and([eb('targetType', '=', 'tag'), eb('target', 'in', [...tags])])]
          : []),
      ]),
    )
    .execute();
  return rows.map((r) => r.userId);
}
