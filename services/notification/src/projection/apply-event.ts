import { FeedEvents, type FeedEvent, type Post } from '@outloud/contracts';
import { sql, type Kysely } from 'kysely';
import type { NotifyDB } from '../db.js';

/** The feed events the notification service follows (others are acked and skipped). */
export const notifyEventSchemas = {
  'feed.post.created.v1': FeedEvents['feed.post.created.v1'].schema,
  'feed.post.updated.v1': FeedEvents['feed.post.updated.v1'].schema,
  'feed.post.deleted.v1': FeedEvents['feed.post.deleted.v1'].schema,
  'feed.answer.created.v1': FeedEvents['feed.answer.created.v1'].schema,
  'feed.answer.updated.v1': FeedEvents['feed.answer.updated.v1'].schema,
  'feed.answer.deleted.v1': FeedEvents['feed.answer.deleted.v1'].schema,
  'feed.answer.accepted.v1': FeedEvents['feed.answer.accepted.v1'].schema,
  'feed.vote.changed.v1': FeedEvents['feed.vote.changed.v1'].schema,
  'feed.follow.changed.v1': FeedEvents['feed.follow.changed.v1'].schema,
  'feed.channel.created.v1': FeedEvents['feed.channel.created.v1'].schema,
  'feed.channel.updated.v1': FeedEvents['feed.channel.updated.v1'].schema,
  'feed.membership.changed.v1': FeedEvents['feed.membership.changed.v1'].schema,
};
export type NotifyEvent = Extract<FeedEvent, { type: keyof typeof notifyEventSchemas }>;

/**
 * Keeps the projections the fan-out reads in step with one event, inside the caller's
 * transaction. Post rows are guarded by the version the event carries, so an older event never
 * overwrites newer state.
 */
export async function applyToProjection(trx: Kysely<NotifyDB>, event: NotifyEvent): Promise<void> {
  switch (event.type) {
    case 'feed.channel.created.v1':
    case 'feed.channel.updated.v1':
      return setChannel(trx, event.data.channel.id, event.data.channel.visibility);
    case 'feed.membership.changed.v1': {
      const { channel, userId, member } = event.data;
      await knowChannel(trx, channel.id, channel.visibility);
      if (member) {
        await trx
          .insertInto('notify.members')
          .values({ channelId: channel.id, userId })
          .onConflict((oc) => oc.doNothing())
          .execute();
      } else {
        await trx
          .deleteFrom('notify.members')
          .where('channelId', '=', channel.id)
          .where('userId', '=', userId)
          .execute();
      }
      return;
    }
    case 'feed.follow.changed.v1': {
      const { userId, targetType, target, following } = event.data;
      if (following) {
        await trx
          .insertInto('notify.follows')
          .values({ userId, targetType, target })
          .onConflict((oc) => oc.doNothing())
          .execute();
      } else {
        await trx
          .deleteFrom('notify.follows')
          .where('targetType', '=', targetType)
          .where('target', '=', target)
          .where('userId', '=', userId)
          .execute();
      }
      return;
    }
    case 'feed.post.deleted.v1':
      await trx
        .updateTable('notify.posts')
        .set({ deleted: true, version: event.data.version })
        .where('id', '=', event.data.postId)
        .execute();
      // Nobody keeps being told about something that is gone.
      await trx
        .deleteFrom('notify.notifications')
        .where('postId', '=', event.data.postId)
        .execute();
      return;
    case 'feed.answer.deleted.v1':
      await upsertPost(trx, event.data.post, event.data.channel.visibility, event.data.version);
      await trx
        .deleteFrom('notify.notifications')
        .where('answerId', '=', event.data.answerId)
        .execute();
      return;
    case 'feed.post.created.v1':
    case 'feed.post.updated.v1':
    case 'feed.answer.created.v1':
    case 'feed.answer.updated.v1':
    case 'feed.answer.accepted.v1':
    case 'feed.vote.changed.v1':
      await upsertPost(trx, event.data.post, event.data.channel.visibility, event.data.version);
      if (event.type === 'feed.post.created.v1')
        await addParticipants(trx, event.data.post.id, [event.data.post.author.id]);
      if (event.type === 'feed.answer.created.v1')
        await addParticipants(trx, event.data.post.id, [event.data.answer.author.id]);
      return;
    default: {
      const unhandled: never = event;
      return unhandled;
    }
  }
}

/** Channel events are the truth about visibility (they are handled in order per channel). */
async function setChannel(
  trx: Kysely<NotifyDB>,
  id: string,
  visibility: 'public' | 'private',
): Promise<void> {
  await trx
    .insertInto('notify.channels')
    .values({ id, visibility })
    .onConflict((oc) => oc.column('id').doUpdateSet({ visibility }))
    .execute();
}

/**
 * Other events only record a channel not seen yet: a stale copy of its visibility must never
 * overwrite what a later channel event said (a channel that went private stays private).
 */
async function knowChannel(
  trx: Kysely<NotifyDB>,
  id: string,
  visibility: 'public' | 'private',
): Promise<void> {
  await trx
    .insertInto('notify.channels')
    .values({ id, visibility })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

async function upsertPost(
  trx: Kysely<NotifyDB>,
  post: Post,
  visibility: 'public' | 'private',
  version: number,
): Promise<void> {
  await knowChannel(trx, post.channelId, visibility);
  const values = {
    channelId: post.channelId,
    authorId: post.author.id,
    kind: post.kind,
    title: post.title,
    tags: post.tags,
    score: post.score,
    answerCount: post.answerCount,
    version,
  };
  await trx
    .insertInto('notify.posts')
    .values({ id: post.id, createdAt: post.createdAt, ...values })
    .onConflict((oc) =>
      oc
        .column('id')
        .doUpdateSet(values)
        .where('notify.posts.version', '<', sql<number>`excluded.version`),
    )
    .execute();
}

export async function addParticipants(
  trx: Kysely<NotifyDB>,
  postId: string,
  userIds: readonly string[],
): Promise<void> {
  if (userIds.length === 0) return;
  await trx
    .insertInto('notify.participants')
    .values(userIds.map((userId) => ({ postId, userId })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}
