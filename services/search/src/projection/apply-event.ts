import { FeedEvents, type Actor, type AuthorRef, type FeedEvent } from '@outloud/contracts';
import type { Kysely } from 'kysely';
import type { SearchDB } from '../db.js';
import {
  answerAuthor,
  markAnswerDeleted,
  markDirty,
  markPostDeleted,
  setAnswerScore,
  setChannelVisibility,
  upsertAnswerFacts,
  upsertPeople,
  upsertPostFacts,
} from './projection.repository.js';

/** The feed events the search service follows (others are acked and skipped). */
export const projectedEventSchemas = {
  'feed.post.created.v1': FeedEvents['feed.post.created.v1'].schema,
  'feed.post.updated.v1': FeedEvents['feed.post.updated.v1'].schema,
  'feed.post.deleted.v1': FeedEvents['feed.post.deleted.v1'].schema,
  'feed.answer.created.v1': FeedEvents['feed.answer.created.v1'].schema,
  'feed.answer.updated.v1': FeedEvents['feed.answer.updated.v1'].schema,
  'feed.answer.deleted.v1': FeedEvents['feed.answer.deleted.v1'].schema,
  'feed.answer.accepted.v1': FeedEvents['feed.answer.accepted.v1'].schema,
  'feed.vote.changed.v1': FeedEvents['feed.vote.changed.v1'].schema,
  'feed.channel.updated.v1': FeedEvents['feed.channel.updated.v1'].schema,
};

export type ProjectedEvent = Extract<FeedEvent, { type: keyof typeof projectedEventSchemas }>;

/**
 * Applies one event to the projection inside the caller's transaction and marks the documents
 * it touches. Every write is guarded by the post version the event carries, so a redelivered or
 * stale event changes nothing.
 */
export async function applyEvent(
  trx: Kysely<SearchDB>,
  event: ProjectedEvent,
  now: Date,
): Promise<void> {
  if (event.type === 'feed.channel.updated.v1') return applyChannelUpdate(trx, event, now);
  return applyPostEvent(trx, event, now);
}

type ChannelUpdated = Extract<ProjectedEvent, { type: 'feed.channel.updated.v1' }>;

async function applyChannelUpdate(
  trx: Kysely<SearchDB>,
  event: ChannelUpdated,
  now: Date,
): Promise<void> {
  // Visibility only labels documents (queries filter by the reader's channels), but the people
  // index shows public top tags, which must not include a channel that went private.
  const changed = await setChannelVisibility(
    trx,
    event.data.channel.id,
    event.data.channel.visibility,
    now,
  );
  await markDirty(
    trx,
    'post',
    changed.map((r) => r.postId),
  );
  await markDirty(
    trx,
    'person',
    changed.map((r) => r.authorId),
  );
}

async function applyPostEvent(
  trx: Kysely<SearchDB>,
  event: Exclude<ProjectedEvent, ChannelUpdated>,
  now: Date,
): Promise<void> {
  const people: AuthorRef[] = event.actor ? [personOf(event.actor)] : [];
  const dirtyPeople: string[] = [];
  let postId: string;
  if (event.type === 'feed.post.deleted.v1') {
    postId = event.data.postId;
    await markPostDeleted(
      trx,
      {
        postId,
        channelId: event.data.channel.id,
        visibility: event.data.channel.visibility,
        authorId: event.data.authorId,
      },
      event.data.version,
      now,
    );
    dirtyPeople.push(event.data.authorId);
  } else {
    const { post, channel, version } = event.data;
    postId = post.id;
    people.push(post.author);
    dirtyPeople.push(post.author.id);
    await upsertPostFacts(trx, post, channel.visibility, version, now);
    switch (event.type) {
      case 'feed.post.created.v1':
      case 'feed.post.updated.v1':
        break;
      case 'feed.answer.created.v1':
      case 'feed.answer.updated.v1':
        people.push(event.data.answer.author);
        dirtyPeople.push(event.data.answer.author.id);
        await upsertAnswerFacts(trx, event.data.answer, version);
        break;
      case 'feed.answer.deleted.v1':
        dirtyPeople.push(event.data.authorId);
        await markAnswerDeleted(
          trx,
          { answerId: event.data.answerId, postId: post.id, authorId: event.data.authorId },
          version,
          now,
        );
        break;
      case 'feed.answer.accepted.v1': {
        if (event.data.answer) {
          dirtyPeople.push(event.data.answer.author.id);
          await upsertAnswerFacts(trx, event.data.answer, version);
        }
        const previous =
          event.data.previousAnswerId && (await answerAuthor(trx, event.data.previousAnswerId));
        if (previous) dirtyPeople.push(previous);
        break;
      }
      case 'feed.vote.changed.v1':
        dirtyPeople.push(event.data.targetAuthorId);
        if (event.data.targetType === 'answer')
          await setAnswerScore(trx, event.data.targetId, event.data.score, version);
        break;
      default: {
        const unhandled: never = event;
        throw new Error(`unhandled event ${JSON.stringify(unhandled)}`);
      }
    }
  }
  await upsertPeople(trx, people);
  await markDirty(trx, 'post', [postId]);
  await markDirty(trx, 'person', dirtyPeople);
}

function personOf(actor: Actor): AuthorRef {
  return { id: actor.id, handle: actor.handle, displayName: actor.displayName };
}
