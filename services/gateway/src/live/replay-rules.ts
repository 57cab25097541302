import type { Actor, FeedEvent } from '@outloud/contracts';
import { feedEmissions, reaches, type Emission } from './feed-emissions.js';

/**
 * What happened to posts and answers after a replayed event, so that catch-up never returns text
 * the current state no longer has: deleted posts and answers appear only as their deletion, and a
 * version replaced by a later edit (perhaps to remove a secret) is not shown again. Pure: fed with
 * the events of a page and those after it, in any order.
 */
export class LaterChanges {
  readonly #deletedPosts = new Set<string>();
  readonly #deletedAnswers = new Set<string>();
  /** `post:<id>` / `answer:<id>` → the stream position of its last edit. */
  readonly #lastEdit = new Map<string, number>();

  /** Takes note of one event at stream position `seq`. */
  note(seq: number, event: FeedEvent): void {
    if (event.type === 'feed.post.deleted.v1') this.#deletedPosts.add(event.data.postId);
    else if (event.type === 'feed.answer.deleted.v1') this.#deletedAnswers.add(event.data.answerId);
    else if (event.type === 'feed.post.updated.v1') this.#edited(`post:${event.data.post.id}`, seq);
    else if (event.type === 'feed.answer.updated.v1')
      this.#edited(`answer:${event.data.answer.id}`, seq);
  }

  /** The emission of the event at `seq` as it may be replayed, or undefined to leave it out. */
  replayable(seq: number, emission: Emission): Emission | undefined {
    if (this.#deletedPosts.has(emission.postId) && emission.event !== 'post:deleted') return;
    if (emission.answerId && this.#deletedAnswers.has(emission.answerId)) return;
    if (emission.event === 'post:created' || emission.event === 'post:updated') {
      if (!this.#editedAfter(`post:${emission.postId}`, seq)) return emission;
      // A later item carries the newer version; a creation still says that the post exists.
      if (emission.event === 'post:updated') return;
      return {
        ...emission,
        payload: { post: { ...emission.payload.post, ...WITHHELD, title: '' } },
      };
    }
    if (emission.event === 'answer:created' || emission.event === 'answer:accepted') {
      if (!emission.answerId || !this.#editedAfter(`answer:${emission.answerId}`, seq))
        return emission;
      return { ...emission, payload: { answer: { ...emission.payload.answer, ...WITHHELD } } };
    }
    return emission;
  }

  #edited(key: string, seq: number): void {
    this.#lastEdit.set(key, Math.max(seq, this.#lastEdit.get(key) ?? 0));
  }

  #editedAfter(key: string, seq: number): boolean {
    return (this.#lastEdit.get(key) ?? 0) > seq;
  }
}

/** Text left out of a superseded version: the client fetches (or is later sent) the current one. */
const WITHHELD = { body: '', bodyHtml: '', truncated: true } as const;

/**
 * The socket events one stored event replays for `reader`: those of channels they may see, and
 * of hidden content only what its audience rule gives them (its removal, for everyone but its
 * author and moderators), as `later` changes allow.
 */
export function replayedEmissions(input: {
  reader: Actor;
  visibleChannels: ReadonlySet<string>;
  later: LaterChanges;
  seq: number;
  event: FeedEvent;
}): Emission[] {
  return feedEmissions(input.event).flatMap((original) => {
    if (!input.visibleChannels.has(original.channelId)) return [];
    if (!reaches(original.audience, input.reader)) return [];
    const emission = input.later.replayable(input.seq, original);
    return emission ? [emission] : [];
  });
}
