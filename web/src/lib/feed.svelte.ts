import type { FeedPage, Post } from '@outloud/contracts';
import { errorMessage } from './api';
import type { ChannelWatcher } from './live';
import {
  appendUnique,
  insertLive,
  mergeNewest,
  patchPost,
  removePost,
  replacePost,
  withScore,
} from './posts';

/** Loads one page of a feed; no cursor means the first page. */
export type FeedSource = (cursor?: string) => Promise<FeedPage>;

/** One feed: the first page, "load more" pages and live changes. */
export class FeedState {
  items = $state<Post[]>([]);
  nextCursor = $state<string | null>(null);
  /** True once the first page has arrived. */
  loaded = $state(false);
  loading = $state(false);
  error = $state<string | null>(null);
  /** Posts that arrived live, held back until the reader asks for them (no jumping list). */
  pending = $state<Post[]>([]);

  readonly #source: FeedSource;
  readonly #now: () => number;

  constructor(source: FeedSource, now: () => number = Date.now) {
    this.#source = source;
    this.#now = now;
  }

  async loadFirst(): Promise<void> {
    await this.#load(async () => {
      const page = await this.#source();
      this.items = mergeNewest(this.items, page.items);
      this.nextCursor = page.nextCursor;
      this.loaded = true;
    });
  }

  async loadMore(): Promise<void> {
    const cursor = this.nextCursor;
    if (cursor === null) return;
    await this.#load(async () => {
      const page = await this.#source(cursor);
      this.items = appendUnique(this.items, page.items);
      this.nextCursor = page.nextCursor;
    });
  }

  /** Too much was missed to replay: start again from the first page. */
  async reload(): Promise<void> {
    await this.#load(async () => {
      const page = await this.#source();
      this.items = page.items;
      this.pending = [];
      this.nextCursor = page.nextCursor;
      this.loaded = true;
    });
  }

  /** Our own new post: shown at once. */
  add(post: Post): void {
    this.items = insertLive(this.items, post, this.#now());
    this.pending = removePost(this.pending, post.id);
  }

  /** Someone else's new post: counted in the "N new posts" bar until the reader opens it. */
  hold(post: Post): void {
    if (this.items.some((item) => item.id === post.id)) return;
    this.pending = [post, ...removePost(this.pending, post.id)];
  }

  /** Shows the held posts at the top, newest first. */
  showPending(): void {
    const now = this.#now();
    for (const post of [...this.pending].reverse()) this.items = insertLive(this.items, post, now);
    this.pending = [];
  }

  update(post: Post): void {
    this.items = replacePost(this.items, post);
    this.pending = replacePost(this.pending, post);
  }

  remove(id: string): void {
    this.items = removePost(this.items, id);
    this.pending = removePost(this.pending, id);
  }

  setScore(id: string, score: number): void {
    this.items = withScore(this.items, id, score);
  }

  /** A live answer on a listed post. */
  countAnswer(postId: string): void {
    this.items = patchPost(this.items, postId, (post) => ({ answerCount: post.answerCount + 1 }));
  }

  /** A live accept (answer id) or withdrawal (null) on a listed question. */
  setAccepted(postId: string, acceptedAnswerId: string | null): void {
    this.items = patchPost(this.items, postId, () => ({ acceptedAnswerId }));
  }

  async #load(work: () => Promise<void>): Promise<void> {
    if (this.loading) return;
    this.loading = true;
    this.error = null;
    try {
      await work();
    } catch (error) {
      this.error = errorMessage(error);
    } finally {
      this.loading = false;
    }
  }
}

/**
 * What live events do to a feed on screen: new posts wait behind the "new posts" bar (on views
 * that take them), edits, deletions, votes and answers update cards in place. `current` is
 * read at each event: the page may have switched to another feed since it started watching.
 */
export function feedWatcher(current: {
  feed: () => FeedState;
  takesNewPosts: () => boolean;
  onError: (message: string) => void;
}): ChannelWatcher {
  return {
    onPost: (post) => {
      if (current.takesNewPosts()) current.feed().hold(post);
    },
    onUpdate: (post) => current.feed().update(post),
    onDelete: (id) => current.feed().remove(id),
    onPostScore: (id, score) => current.feed().setScore(id, score),
    onAnswer: (answer) => current.feed().countAnswer(answer.postId),
    onAccepted: (answer) =>
      current.feed().setAccepted(answer.postId, answer.accepted ? answer.id : null),
    onError: current.onError,
    onReset: () => void current.feed().reload(),
  };
}
