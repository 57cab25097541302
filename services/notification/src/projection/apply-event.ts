import {
  FeedEvents,
  type Answer,
  type Channel,
  type FeedEvent,
  type Post,
} from '@outloud/contracts';
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
  'feed.moderation.applied.v1': FeedEvents['feed.moderation.applied.v1'].schema,
  'feed.post.review_due.v1': FeedEvents['feed.post.review_due.v1'].schema,
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
      return setChannel(trx, event.data.channel);
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
      // Nobody keeps being told about something that is gone, except what a moderator did
      // about it (its author and flaggers learn that it was deleted, and why).
      await trx
        .deleteFrom('notify.notifications')
        .where('postId', '=', event.data.postId)
        .where('type', '!=', 'flag_resolved')
        .execute();
      return;
    case 'feed.answer.deleted.v1':
      await upsertPost(trx, event.data.post, event.data.channel.visibility, event.data.version);
      await trx
        .deleteFrom('notify.notifications')
        .where('answerId', '=', event.data.answerId)
        .where('type', '!=', 'flag_resolved')
        .execute();
      await trx.deleteFrom('notify.answers').where('id', '=', event.data.answerId).execute();
      await waitAgainWithoutAnswers(trx, event.data.post.id);
      return;
    case 'feed.post.created.v1':
    case 'feed.post.updated.v1':
    case 'feed.answer.created.v1':
    case 'feed.answer.updated.v1':
    case 'feed.answer.accepted.v1':
    case 'feed.vote.changed.v1':
      await upsertPost(trx, event.data.post, event.data.channel.visibility, event.data.version);
      if (event.type === 'feed.post.created.v1') {
        await addParticipants(trx, event.data.post.id, [event.data.post.author.id]);
        // Imported questions were answered (or not) elsewhere: no expert is asked about them.
        if (event.data.post.kind === 'question' && !event.data.imported)
          await awaitRouting(trx, event.data.post);
      }
      if (event.type === 'feed.answer.created.v1') {
        await addParticipants(trx, event.data.post.id, [event.data.answer.author.id]);
        await recordFirstAnswer(trx, event.data.post.id, new Date(event.data.answer.createdAt));
      }
      if (
        event.type === 'feed.answer.created.v1' ||
        event.type === 'feed.answer.updated.v1' ||
        (event.type === 'feed.answer.accepted.v1' && event.data.answer)
      ) {
        const answer = event.data.answer;
        if (answer) await upsertAnswer(trx, answer, event.data.version);
      }
      if (event.type === 'feed.answer.updated.v1') {
        // Restored, an answer ends the wait again; hidden, it no longer does (the stored count,
        // checked last, decides: an older event cannot end a wait that a newer one reopened).
        if (!event.data.answer.hidden)
          await recordFirstAnswer(trx, event.data.post.id, new Date(event.data.answer.createdAt));
        await waitAgainWithoutAnswers(trx, event.data.post.id);
      }
      return;
    // Only notifications: the content's own change travels as post/answer events.
    case 'feed.moderation.applied.v1':
    case 'feed.post.review_due.v1':
      return;
    default: {
      const unhandled: never = event;
      return unhandled;
    }
  }
}

/**
 * Channel events are the truth about visibility, ownership and routing (they are handled in order
 * per channel). An event without `expertRoutingMinutes` (older than the field) means the default;
 * null means never.
 */
async function setChannel(trx: Kysely<NotifyDB>, channel: Channel): Promise<void> {
  const values = {
    visibility: channel.visibility,
    ownerId: channel.ownerId,
    routingDelayMinutes: channel.expertRoutingMinutes ?? null,
    routingOff: channel.expertRoutingMinutes === null,
  };
  await trx
    .insertInto('notify.channels')
    .values({ id: channel.id, ...values })
    .onConflict((oc) => oc.column('id').doUpdateSet(values))
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
    hidden: post.hidden ?? false,
    locked: post.locked ?? false,
    duplicateOf: post.duplicateOf ?? null,
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

/** An answer's hidden state, guarded like posts by the post version its event carries. */
async function upsertAnswer(trx: Kysely<NotifyDB>, answer: Answer, version: number): Promise<void> {
  const values = {
    postId: answer.postId,
    authorId: answer.author.id,
    hidden: answer.hidden ?? false,
    version,
  };
  await trx
    .insertInto('notify.answers')
    .values({ id: answer.id, ...values })
    .onConflict((oc) =>
      oc
        .column('id')
        .doUpdateSet(values)
        .where('notify.answers.version', '<', sql<number>`excluded.version`),
    )
    .execute();
}

/** A new question waits for its first answer; the routing sweep picks it up when it is due. */
async function awaitRouting(trx: Kysely<NotifyDB>, post: Post): Promise<void> {
  await trx
    .insertInto('notify.routings')
    .values({
      postId: post.id,
      askerId: post.author.id,
      askerHandle: post.author.handle,
      askerDisplayName: post.author.displayName,
      askedAt: post.createdAt,
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** The earliest answer ends the wait (and times it, for insights). */
async function recordFirstAnswer(trx: Kysely<NotifyDB>, postId: string, at: Date): Promise<void> {
  await trx
    .updateTable('notify.routings')
    .set({ firstAnswerAt: sql<Date>`least(coalesce(first_answer_at, ${at}), ${at})` })
    .where('postId', '=', postId)
    .execute();
}

/**
 * A question whose answers are all hidden or deleted (its projected count, which leaves hidden
 * answers out, is back to 0) waits again: the routing sweep may pick it up, and insights do not
 * count it as answered. Read from the stored row, so a stale event cannot reopen the wait.
 */
async function waitAgainWithoutAnswers(trx: Kysely<NotifyDB>, postId: string): Promise<void> {
  await trx
    .updateTable('notify.routings')
    .set({ firstAnswerAt: null })
    .where('postId', '=', postId)
    .where('firstAnswerAt', 'is not', null)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('notify.posts')
          .select(sql.lit(1).as('one'))
          .where('id', '=', postId)
          .where('answerCount', '=', 0),
      ),
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
