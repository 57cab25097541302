import { SocketRooms, type FeedEvent, type ServerToClientEvents } from '@outloud/contracts';
import { answerExcerpt, postExcerpt } from './excerpt.js';

type FeedSocketEvent =
  | 'post:created'
  | 'post:updated'
  | 'post:deleted'
  | 'answer:created'
  | 'answer:accepted'
  | 'vote:changed';

type PayloadOf<E extends FeedSocketEvent> = Omit<Parameters<ServerToClientEvents[E]>[0], 'cursor'>;

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
  };
}[FeedSocketEvent];

/**
 * The API's socket events for one feed event, each with the rooms that receive it. Pure, so the
 * live path and the catch-up endpoint (`GET /live/events`) tell exactly the same story.
 * Membership, channel and follow events have no socket counterpart. Bodies are cut to excerpts,
 * so that one socket message or catch-up item stays small whatever members write.
 */
export function feedEmissions(event: FeedEvent): Emission[] {
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
      return [];
    default: {
      const unhandled: never = event;
      return unhandled;
    }
  }
}
