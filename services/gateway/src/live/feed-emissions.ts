import {
  canModerate,
  SocketRooms,
  type Actor,
  type Answer,
  type FeedEvent,
  type Post,
  type ServerToClientEvents,
} from '@outloud/contracts';
import { answerExcerpt, postExcerpt } from './excerpt.js';

type FeedSocketEvent =
  | 'post:created'
  | 'post:updated'
  | 'post:deleted'
  | 'answer:created'
  | 'answer:accepted'
  | 'vote:changed';

type PayloadOf<E extends FeedSocketEvent> = Omit<Parameters<ServerToClientEvents[E]>[0], 'cursor'>;

/**
 * Which of a room's sockets get an emission about hidden content. `insiders`: moderators, admins,
 * and the author of every hidden thing it shows (a hidden post's author, a hidden answer's);
 * `outsiders`: everyone else, who get the content taken away instead.
 */
export interface Audience {
  to: 'insiders' | 'outsiders';
  /** The authors of the hidden post and/or answer the emission concerns. */
  hiddenAuthorIds: string[];
}

/** Whether a person still sees content hidden by moderation whose authors are `hiddenAuthorIds`. */
export function seesHidden(actor: Actor, hiddenAuthorIds: readonly string[]): boolean {
  if (canModerate(actor)) return true;
  return hiddenAuthorIds.every((id) => id === actor.id);
}

/** Whether a socket of `actor` gets an emission with this audience (none: everyone in its rooms). */
export function reaches(audience: Audience | undefined, actor: Actor): boolean {
  if (!audience) return true;
  return seesHidden(actor, audience.hiddenAuthorIds) === (audience.to === 'insiders');
}

/** One socket event a feed event turns into, and the rooms that receive it. */
export type Emission = {
  [E in FeedSocketEvent]: {
    event: E;
    payload: PayloadOf<E>;
    rooms: string[];
    /** The channel whose members may see it. */
    channelId: string;
    postId: string;
    /** Dropped rather than queued for a client that is behind (counts that the next one repeats). */
    volatile: boolean;
    /** The answer this emission shows the text of, if any (not replayed once it is deleted). */
    answerId?: string;
    /** Set when hidden content is concerned: only part of the rooms' sockets get it. */
    audience?: Audience;
  };
}[FeedSocketEvent];

/** The authors of hidden content among a post and answer (empty: nothing hidden). */
function hiddenAuthors(post: Post, answer?: Answer | null): string[] {
  const ids: string[] = [];
  if (post.hidden) ids.push(post.author.id);
  if (answer?.hidden) ids.push(answer.author.id);
  return ids;
}

/** The emissions as they are when the content shown is hidden: for insiders only. */
function forInsiders(emissions: Emission[], hiddenAuthorIds: string[]): Emission[] {
  if (hiddenAuthorIds.length === 0) return emissions;
  return emissions.map((e) => ({ ...e, audience: { to: 'insiders', hiddenAuthorIds } }));
}

/** What outsiders get instead of emissions about hidden content. */
function forOutsiders(emissions: Emission[], hiddenAuthorIds: string[]): Emission[] {
  return emissions.map((e) => ({ ...e, audience: { to: 'outsiders', hiddenAuthorIds } }));
}

/**
 * The API's socket events for one feed event, each with the rooms that receive it. Pure, so the
 * live path and the catch-up endpoint (`GET /live/events`) tell exactly the same story.
 * Membership, channel, follow, moderation and review events have no socket counterpart (what a
 * moderator changed travels as the content's own update). Bodies are cut to excerpts, so that
 * one socket message or catch-up item stays small whatever members write.
 *
 * Hidden content reaches only its author and moderators (`audience`): when a post is hidden,
 * everyone else gets `post:deleted`, and nothing about it after; when it is restored, they get it
 * back as `post:created`. A hidden answer leaves through the `post:updated` that its change sends
 * (clients then read the thread again, which no longer has it for them).
 */
export function feedEmissions(event: FeedEvent): Emission[] {
  const emissions = visibleEmissions(event);
  switch (event.type) {
    case 'feed.post.created.v1':
    case 'feed.answer.updated.v1':
    case 'feed.answer.deleted.v1':
    case 'feed.vote.changed.v1':
      // Votes name an answer by id only; the feed refuses votes on hidden content, so none is
      // about a hidden answer in a visible thread.
      return forInsiders(emissions, hiddenAuthors(event.data.post));
    case 'feed.answer.created.v1':
    case 'feed.answer.accepted.v1': {
      const { post, answer } = event.data;
      const hidden = hiddenAuthors(post, answer);
      if (hidden.length === 0 || post.hidden || !answer) return forInsiders(emissions, hidden);
      // A hidden answer in a visible thread: the others' thread only learns that it changed.
      const changed: Emission = {
        event: 'post:updated',
        payload: { post: postExcerpt(post) },
        rooms: [SocketRooms.post(post.id)],
        channelId: post.channelId,
        postId: post.id,
        volatile: false,
      };
      return [...forInsiders(emissions, hidden), ...forOutsiders([changed], hidden)];
    }
    case 'feed.post.updated.v1': {
      const { post } = event.data;
      const hidden = hiddenAuthors(post);
      if (hidden.length > 0) {
        const gone: Emission = {
          event: 'post:deleted',
          payload: { id: post.id, channelId: post.channelId },
          rooms: [SocketRooms.channel(post.channelId), SocketRooms.post(post.id)],
          channelId: post.channelId,
          postId: post.id,
          volatile: false,
        };
        return [...forInsiders(emissions, hidden), ...forOutsiders([gone], hidden)];
      }
      if (!event.data.changed.includes('hidden')) return emissions;
      // Restored: back in the lists of those who lost it (insiders just see `hidden` go).
      const back: Emission = {
        event: 'post:created',
        payload: { post: postExcerpt(post) },
        rooms: [SocketRooms.channel(post.channelId)],
        channelId: post.channelId,
        postId: post.id,
        volatile: false,
      };
      return [...emissions, ...forOutsiders([back], [post.author.id])];
    }
    case 'feed.post.deleted.v1':
    case 'feed.membership.changed.v1':
    case 'feed.channel.updated.v1':
    case 'feed.channel.created.v1':
    case 'feed.follow.changed.v1':
    case 'feed.moderation.applied.v1':
    case 'feed.post.review_due.v1':
      return emissions;
    default: {
      const unhandled: never = event;
      return unhandled;
    }
  }
}

/** The socket events of a feed event as everyone who may see its channel would get them. */
function visibleEmissions(event: FeedEvent): Emission[] {
  const both = (channelId: string, postId: string) => [
    SocketRooms.channel(channelId),
    SocketRooms.post(postId),
  ];
  switch (event.type) {
    case 'feed.post.created.v1': {
      const { post } = event.data;
      return [
        {
          event: 'post:created',
          payload: { post: postExcerpt(post) },
          rooms: [SocketRooms.channel(post.channelId)],
          channelId: post.channelId,
          postId: post.id,
          volatile: false,
        },
      ];
    }
    case 'feed.post.updated.v1':
    case 'feed.answer.updated.v1':
    case 'feed.answer.deleted.v1': {
      // The question page reloads its answers on a post update; counts change too.
      const { post } = event.data;
      return [
        {
          event: 'post:updated',
          payload: { post: postExcerpt(post) },
          rooms:
            event.type === 'feed.post.updated.v1'
              ? both(post.channelId, post.id)
              : [SocketRooms.post(post.id)],
          channelId: post.channelId,
          postId: post.id,
          volatile: false,
        },
      ];
    }
    case 'feed.post.deleted.v1':
      return [
        {
          event: 'post:deleted',
          payload: { id: event.data.postId, channelId: event.data.channel.id },
          rooms: both(event.data.channel.id, event.data.postId),
          channelId: event.data.channel.id,
          postId: event.data.postId,
          volatile: false,
        },
      ];
    case 'feed.answer.created.v1': {
      const { post, answer } = event.data;
      return [
        {
          event: 'answer:created',
          payload: { answer: answerExcerpt(answer) },
          answerId: answer.id,
          rooms: both(post.channelId, post.id),
          channelId: post.channelId,
          postId: post.id,
          volatile: false,
        },
      ];
    }
    case 'feed.answer.accepted.v1': {
      const { post, answer } = event.data;
      if (!answer) {
        // Acceptance withdrawn: the post (its acceptedAnswerId) is what changed.
        return [
          {
            event: 'post:updated',
            payload: { post: postExcerpt(post) },
            rooms: [SocketRooms.post(post.id)],
            channelId: post.channelId,
            postId: post.id,
            volatile: false,
          },
        ];
      }
      return [
        {
          event: 'answer:accepted',
          payload: { answer: answerExcerpt(answer) },
          answerId: answer.id,
          rooms: both(post.channelId, post.id),
          channelId: post.channelId,
          postId: post.id,
          volatile: false,
        },
      ];
    }
    case 'feed.vote.changed.v1': {
      const { post } = event.data;
      return [
        {
          event: 'vote:changed',
          payload: {
            targetType: event.data.targetType,
            id: event.data.targetId,
            postId: post.id,
            score: event.data.score,
          },
          rooms: both(post.channelId, post.id),
          channelId: post.channelId,
          postId: post.id,
          volatile: true,
        },
      ];
    }
    case 'feed.membership.changed.v1':
    case 'feed.channel.updated.v1':
    case 'feed.channel.created.v1':
    case 'feed.follow.changed.v1':
    case 'feed.moderation.applied.v1':
    case 'feed.post.review_due.v1':
      return [];
    default: {
      const unhandled: never = event;
      return unhandled;
    }
  }
}
