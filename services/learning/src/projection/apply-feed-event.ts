import {
  AnswerAcceptedV1,
  AnswerCreatedV1,
  AnswerDeletedV1,
  AnswerUpdatedV1,
  ChannelCreatedV1,
  ChannelUpdatedV1,
  MembershipChangedV1,
  PostCreatedV1,
  PostDeletedV1,
  PostUpdatedV1,
  VoteChangedV1,
  type Names,
  type Post,
} from '@outloud/contracts';
import type { EventOf } from '@outloud/bus';
import type { Kysely } from 'kysely';
import { recordCheckIn, withdrawCheckIn } from '../challenges/checkins.js';
import { promptByPost } from '../challenges/challenges.repository.js';
import type { LearnDB } from '../db.js';
import { recountGoals } from '../goals/progress.js';
import {
  findContribution,
  markDeleted,
  refreshAnswersOf,
  setChannelVisibility,
  setFirstAnswerAt,
  setScore,
  tombstone,
  upsertAuthors,
  upsertChannel,
  upsertContribution,
} from './contributions.repository.js';

/** The feed events the learning service follows. */
export const followedFeedEvents = {
  'feed.post.created.v1': PostCreatedV1,
  'feed.post.updated.v1': PostUpdatedV1,
  'feed.post.deleted.v1': PostDeletedV1,
  'feed.answer.created.v1': AnswerCreatedV1,
  'feed.answer.updated.v1': AnswerUpdatedV1,
  'feed.answer.deleted.v1': AnswerDeletedV1,
  'feed.answer.accepted.v1': AnswerAcceptedV1,
  'feed.vote.changed.v1': VoteChangedV1,
  'feed.channel.created.v1': ChannelCreatedV1,
  'feed.channel.updated.v1': ChannelUpdatedV1,
  'feed.membership.changed.v1': MembershipChangedV1,
};
export type FollowedFeedEvent = EventOf<typeof followedFeedEvents>;

/**
 * Applies one feed event inside the caller's transaction: the contributions projection first,
 * then what derives from it (measurable goals recounted, challenge check-ins).
 */
export async function applyFeedEvent(
  trx: Kysely<LearnDB>,
  names: Names,
  event: FollowedFeedEvent,
  now: Date,
): Promise<void> {
  switch (event.type) {
    case 'feed.post.created.v1':
    case 'feed.post.updated.v1': {
      const { post, channel, version } = event.data;
      await upsertAuthors(trx, [post.author]);
      await upsertContribution(trx, postContribution(post, channel.visibility, version));
      await refreshAnswersOf(trx, post, channel.visibility, version);
      await recountGoals(trx, names, await authorsOnPost(trx, post.id), now, event.actor);
      return;
    }
    case 'feed.post.deleted.v1': {
      const { postId, authorId, channel } = event.data;
      const answers = await trx
        .selectFrom('learn.contributions')
        .select(['id', 'authorId'])
        .where('postId', '=', postId)
        .execute();
      await tombstone(trx, { id: postId, kind: 'tip', postId, channelId: channel.id, authorId });
      await markDeleted(
        trx,
        answers.map((a) => a.id),
      );
      for (const a of answers) await withdrawCheckIn(trx, a.id);
      await recountGoals(
        trx,
        names,
        [authorId, ...answers.map((a) => a.authorId)],
        now,
        event.actor,
      );
      return;
    }
    case 'feed.answer.created.v1':
    case 'feed.answer.updated.v1': {
      const { answer, post, channel, version } = event.data;
      await upsertAuthors(trx, [answer.author, post.author]);
      await upsertContribution(trx, postContribution(post, channel.visibility, version));
      await upsertContribution(trx, {
        id: answer.id,
        kind: 'answer',
        post,
        visibility: channel.visibility,
        authorId: answer.author.id,
        createdAt: answer.createdAt,
        version,
      });
      await setFirstAnswerAt(trx, post.id, answer.createdAt);
      // Imported answers are history, not today's check-in.
      if (event.type === 'feed.answer.created.v1' && !event.data.imported)
        await checkInFromAnswer(trx, names, event, now);
      await recountGoals(trx, names, [answer.author.id], now, event.actor);
      return;
    }
    case 'feed.answer.deleted.v1': {
      const { answerId, authorId, post, channel } = event.data;
      await tombstone(trx, {
        id: answerId,
        kind: 'answer',
        postId: post.id,
        channelId: channel.id,
        authorId,
      });
      await withdrawCheckIn(trx, answerId);
      await recountGoals(trx, names, [authorId], now, event.actor);
      return;
    }
    case 'feed.answer.accepted.v1': {
      const { post, channel, version, answer, previousAnswerId } = event.data;
      await upsertContribution(trx, postContribution(post, channel.visibility, version));
      const affected = [answer?.id, previousAnswerId].filter((id): id is string => !!id);
      const authors = [];
      for (const id of affected) {
        const found = await findContribution(trx, id);
        if (found) authors.push(found.authorId);
      }
      await recountGoals(trx, names, authors, now, event.actor);
      return;
    }
    case 'feed.vote.changed.v1':
      await setScore(trx, event.data.targetId, event.data.score);
      return;
    case 'feed.channel.created.v1':
    case 'feed.channel.updated.v1': {
      const { channel } = event.data;
      await upsertChannel(trx, channel);
      // A channel that turns private stops counting in goals others see (and one that turns
      // public starts), so its authors' goals are recounted.
      const authors = await setChannelVisibility(trx, channel.id, channel.visibility);
      await recountGoals(trx, names, authors, now, event.actor);
      return;
    }
    case 'feed.membership.changed.v1': {
      const { channel, memberCount } = event.data;
      await upsertChannel(trx, { id: channel.id, visibility: channel.visibility, memberCount });
      return;
    }
    default: {
      const never: never = event;
      return never;
    }
  }
}

/** A post as a contribution of its author. */
function postContribution(post: Post, visibility: 'public' | 'private', version: number) {
  return {
    id: post.id,
    kind: post.kind,
    post,
    visibility,
    authorId: post.author.id,
    createdAt: post.createdAt,
    version,
  };
}

async function authorsOnPost(trx: Kysely<LearnDB>, postId: string): Promise<string[]> {
  const rows = await trx
    .selectFrom('learn.contributions')
    .select('authorId')
    .distinct()
    .where('postId', '=', postId)
    .execute();
  return rows.map((r) => r.authorId);
}

/** An answer to a challenge prompt is the author's check-in for that day. */
async function checkInFromAnswer(
  trx: Kysely<LearnDB>,
  names: Names,
  event: Extract<FollowedFeedEvent, { type: 'feed.answer.created.v1' }>,
  now: Date,
): Promise<void> {
  const prompt = await promptByPost(trx, event.data.post.id);
  if (!prompt) return;
  const deleted = await findContribution(trx, event.data.answer.id);
  if (deleted?.deleted) return;
  await recordCheckIn(
    trx,
    names,
    {
      challenge: { ...prompt, id: prompt.challengeId },
      userId: event.data.answer.author.id,
      day: prompt.day,
      answerId: event.data.answer.id,
      at: new Date(event.data.answer.createdAt),
    },
    now,
    event.actor,
  );
}
