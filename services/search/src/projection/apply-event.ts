import { FeedEvents, type Actor, type AuthorRef, type FeedEvent } from '@outloud/contracts';
import type { Kysely } from 'kysely';
import type { SearchDB } from '../db.js';
import {
  answerAuthor,
  answerAuthorsOf,
  isPostHidden,
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
 * What applied events leave to write once per transaction: the names they carried and the
 * documents to re-index. Collected over a batch, they cost three statements instead of three
 * per event.
 */
interface Marks {
  people: AuthorRef[];
  posts: string[];
  persons: string[];
}

/**
 * Applies events to the projection inside the caller's transaction, one after another in the
 * order given (stream order), so a later event of a post sees what the earlier ones wrote, and
 * marks the documents they touch. Every write is guarded by the post version the event carries,
 * so a redelivered or stale event changes nothing (a batch that committed but was not acked can
 * be applied again). Moderation reaches search this way too: hiding, restoring, marking outdated
 * or closing as a duplicate is a `post.updated` / `answer.updated` whose state carries the new
 * flags (`feed.moderation.applied.v1` adds nothing search needs).
 */
export async function applyEvents(
  trx: Kysely<SearchDB>,
  events: readonly ProjectedEvent[],
  now: Date,
): Promise<void> {
  const marks: Marks = { people: [], posts: [], persons: [] };
  for (const event of events) {
    if (event.type === 'feed.channel.updated.v1') await applyChannelUpdate(trx, event, now, marks);
    else await applyPostEvent(trx, event, now, marks);
  }
  await upsertPeople(trx, marks.people);
  await markDirty(trx, 'post', marks.posts);
  await markDirty(trx, 'person', marks.persons);
}

type ChannelUpdated = Extract<ProjectedEvent, { type: 'feed.channel.updated.v1' }>;

async function applyChannelUpdate(
  trx: Kysely<SearchDB>,
  event: ChannelUpdated,
  now: Date,
  marks: Marks,
): Promise<void> {
  // Visibility only labels documents (queries filter by the reader's channels), but the people
  // index shows public top tags, which must not include a channel that went private.
  const changed = await setChannelVisibility(
    trx,
    event.data.channel.id,
    event.data.channel.visibility,
    now,
  );
  for (const row of changed) {
    marks.posts.push(row.postId);
    marks.persons.push(row.authorId);
  }
}

async function applyPostEvent(
  trx: Kysely<SearchDB>,
  event: Exclude<ProjectedEvent, ChannelUpdated>,
  now: Date,
  marks: Marks,
): Promise<void> {
  const people = marks.people;
  const dirtyPeople = marks.persons;
  if (event.actor) people.push(personOf(event.actor));
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
    const wasHidden = await isPostHidden(trx, post.id);
    await upsertPostFacts(trx, post, channel.visibility, version, now);
    // Answers in a hidden thread are no evidence either: their authors' top tags change too.
    if (wasHidden !== (post.hidden === true))
      dirtyPeople.push(...(await answerAuthorsOf(trx, post.id)));
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
  marks.posts.push(postId);
}

function personOf(actor: Actor): AuthorRef {
  return { id: actor.id, handle: actor.handle, displayName: actor.displayName };
}
